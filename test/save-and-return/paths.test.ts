import { describe, expect, it } from 'vitest';
import { pageToGoBackTo, saveAndReturnPaths } from '../../src/save-and-return/paths.ts';

describe('the save-and-return pages’ paths', () => {
  it('are under the journey’s base path', () => {
    expect(saveAndReturnPaths({ basePath: '/apply' })).toEqual({ save: '/apply/save', sent: '/apply/save/sent', returnBase: '/apply/return' });
  });

  it.each([
    ['/apply/letter-date', '/apply/letter-date'],
    ['/apply/evidence', '/apply/evidence'],
    ['/apply', undefined],
    ['/apply/', undefined],
    ['/elsewhere/letter-date', undefined],
    ['//evil.example/apply/x', undefined],
    ['/apply/../admin', undefined],
    ['/apply/x?y=1', undefined],
    ['/apply/a/b', undefined],
    ['https://evil.example/apply/x', undefined],
    [['/apply/a'], undefined],
  ])('go back to %j: %j', (value, expected) => {
    expect(pageToGoBackTo(value, '/apply')).toBe(expected);
  });
});
