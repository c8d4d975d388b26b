import { describe, expect, it } from 'vitest';
import { presentKeys, resolveWords, stringKeys, translationKeys } from '../../src/web/resolved-words.ts';

const files = {
  common: { layout: { back: 'Back', footer: { cookies: 'Cookies' } }, count: 3, items_one: 'one item', items_other: '{{count}} items' },
  apply: { steps: { name: { title: 'Your name' } } },
};

describe('stringKeys', () => {
  it('names every string by its dotted path, and nothing that is not a string', () => {
    expect(stringKeys(files.common)).toEqual(['layout.back', 'layout.footer.cookies', 'items_one', 'items_other']);
  });
});

describe('translationKeys', () => {
  it('names each string ns:key, and by its bare key too in the namespaces bare keys are looked up in', () => {
    expect(translationKeys(files, ['common'])).toEqual([
      'layout.back',
      'common:layout.back',
      'layout.footer.cookies',
      'common:layout.footer.cookies',
      'items_one',
      'common:items_one',
      'items_other',
      'common:items_other',
      'apply:steps.name.title',
    ]);
  });
});

describe('presentKeys', () => {
  it('has every string as ns:key, and a plural key under the key its forms are of', () => {
    const present = presentKeys(files);
    expect(present.has('common:layout.back')).toBe(true);
    expect(present.has('common:items')).toBe(true);
    expect(present.has('apply:steps.name.title')).toBe(true);
    expect(present.has('layout.back')).toBe(false);
    expect(present.has('common:layout')).toBe(false);
  });
});

describe('resolveWords', () => {
  it('keeps what the translate function gave for each key', () => {
    const words = resolveWords(['a', 'b'], (key) => `<${key}>`);
    expect([...words]).toEqual([
      ['a', '<a>'],
      ['b', '<b>'],
    ]);
  });
});
