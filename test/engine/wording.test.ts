import { describe, expect, it } from 'vitest';
import { withWording } from '../../src/engine/wording.ts';
import { fakeTranslator } from './fake-translator.ts';

describe('withWording: a question that reads right for different people', () => {
  const t = fakeTranslator(['q.label', 'q.options.a.label', 'q.options.a.label_aboutMe', 'q.hint_aboutMe']);

  it('prefers the variant of a key and falls back to the key itself', () => {
    const about = withWording(t, 'aboutMe');
    expect(about('q.options.a.label')).toBe('q.options.a.label_aboutMe');
    expect(about('q.label')).toBe('q.label');
    expect(about('q.options.a.label', { n: 1 })).toBe('q.options.a.label_aboutMe{"n":1}');
  });

  it('says a key exists when only its variant does, so an optional hint shows for that variant alone', () => {
    expect(withWording(t, 'aboutMe').exists('q.hint')).toBe(true);
    expect(t.exists('q.hint')).toBe(false);
  });

  it('without a variant it is the translator it was given', () => {
    expect(withWording(t, undefined)).toBe(t);
    expect(withWording(t, 'other')('q.options.a.label')).toBe('q.options.a.label');
  });
});
