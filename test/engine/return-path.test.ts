import { describe, it, expect } from 'vitest';
import { safeReturnPath, withReturn } from '../../src/engine/return-path.ts';

const allowed = new Set(['/pets/check-answers']);

describe('safeReturnPath', () => {
  it('accepts a path from the known set', () => {
    expect(safeReturnPath('/pets/check-answers', allowed)).toBe('/pets/check-answers');
  });

  it.each<unknown>([
    '//evil.com',
    'https://evil.com',
    'https://evil.com/pets/check-answers',
    '//evil.com/pets/check-answers',
    '/\\evil.com',
    '/pets/check-answers/../x',
    '/pets/check-answers/',
    '/pets/check-answers?x=1',
    '/pets/check-answers#top',
    '/PETS/check-answers',
    ' /pets/check-answers',
    '%2Fpets%2Fcheck-answers',
    'javascript:alert(1)',
    '/pets/your-details',
    '',
    undefined,
    ['/pets/check-answers'],
    { toString: () => '/pets/check-answers' },
    42,
  ])('rejects %j', (candidate) => {
    expect(safeReturnPath(candidate, allowed)).toBeUndefined();
  });

  it('accepts nothing when nothing is allowed', () => {
    expect(safeReturnPath('/pets/check-answers', new Set())).toBeUndefined();
  });
});

describe('withReturn', () => {
  it('adds the return path as one encoded query parameter that reads back unchanged', () => {
    const href = withReturn('/pets/your-details', '/pets/check-answers');
    expect(href).toBe('/pets/your-details?return=%2Fpets%2Fcheck-answers');
    expect(new URL(href, 'https://service.example').searchParams.get('return')).toBe('/pets/check-answers');
  });

  it.each([undefined, ''])('leaves the url alone without a return path (%j)', (returnTo) => {
    expect(withReturn('/pets/your-details', returnTo)).toBe('/pets/your-details');
  });
});
