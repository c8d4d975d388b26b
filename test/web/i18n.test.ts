import { describe, expect, it } from 'vitest';
import { DEFAULT_NAMESPACE, hasTranslation, i18n, isLanguage, LANGUAGES, loadLocaleResources, translator, urlInLanguage } from '../../src/web/i18n.ts';
import { translationKeys } from '../../src/web/resolved-words.ts';

describe('translator', () => {
  it('translates into the language asked for, interpolating values unescaped (nunjucks escapes on output)', () => {
    expect(translator('en')('layout.back')).toBe('Back');
    expect(translator('cy')('layout.back')).toBe('Yn ôl');
    expect(translator('en')('cookies.expires', { minutes: 60 })).toBe('60 minutes after it is set');
    expect(translator('en')('cookies.expires', { minutes: '<b>' })).toBe('<b> minutes after it is set');
  });
});

describe('hasTranslation', () => {
  it('finds keys in common, and names a namespace with ns:key', () => {
    expect(hasTranslation('en', 'layout.back')).toBe(true);
    expect(hasTranslation('cy', 'common:layout.back')).toBe(true);
  });

  it('is false for a missing key or namespace, without falling back to another language', () => {
    expect(hasTranslation('cy', 'layout.noSuchKey')).toBe(false);
    expect(hasTranslation('en', 'nonexistent:layout.back')).toBe(false);
    // A whole object is not a string to show.
    expect(hasTranslation('en', 'layout')).toBe(false);
  });
});

describe('urlInLanguage', () => {
  it.each([
    ['/', 'cy', '/?lang=cy'],
    ['/cookies?lang=en', 'cy', '/cookies?lang=cy'],
    ['/apply/name?change=1&lang=cy', 'en', '/apply/name?change=1&lang=en'],
    ['/apply/name?lang=cy&lang=en&x=1', 'cy', '/apply/name?x=1&lang=cy'],
  ] as const)('%s in %s → %s', (url, lang, expected) => {
    expect(urlInLanguage(url, lang)).toBe(expected);
  });

  it('never turns a path into another host', () => {
    expect(urlInLanguage('//evil.example/path', 'cy')).toBe('/path?lang=cy');
  });

  it.each(['/.//evil.com', '/..//evil.com', '/a/..//evil.com', '/./\\evil.com', '/.///evil.com/x'])('keeps %s on this site', (url) => {
    const href = urlInLanguage(url, 'cy');
    expect(href).toMatch(/^\/[^/\\]/);
    expect(new URL(href, 'https://irm.example').host).toBe('irm.example');
  });
});

describe('isLanguage', () => {
  it('accepts only en and cy', () => {
    expect(['en', 'cy', 'fr', '', undefined, ['cy']].map(isLanguage)).toEqual([true, true, false, false, false, false]);
  });
});

describe('the words resolved at start-up', () => {
  it('are, for every key in every language, what i18next itself gives (fallback to English included)', () => {
    const keys = new Set(
      LANGUAGES.flatMap((lang) => translationKeys(loadLocaleResources()[lang] ?? {}, [DEFAULT_NAMESPACE])).concat(['layout.noSuchKey', 'layout']),
    );
    for (const lang of LANGUAGES) {
      const fixed = i18n.getFixedT(lang, DEFAULT_NAMESPACE);
      for (const key of keys) expect(translator(lang)(key), `${lang} ${key}`).toBe(fixed(key, {}));
    }
  });

  it('are not used when values are passed: those go through i18next', () => {
    expect(translator('en')('cookies.expires')).toBe(i18n.getFixedT('en', DEFAULT_NAMESPACE)('cookies.expires'));
    expect(translator('en')('cookies.expires', { minutes: 5 })).toBe('5 minutes after it is set');
  });
});

describe('words added after start-up', () => {
  it('are read by the translators and hasTranslation, as a journey added in a test adds them', () => {
    i18n.addResourceBundle('en', 'added-later', { greeting: 'Hello', items_other: '{{count}} items' });
    expect(translator('en')('added-later:greeting')).toBe('Hello');
    expect(translator('cy')('added-later:greeting')).toBe('Hello');
    expect(hasTranslation('en', 'added-later:greeting')).toBe(true);
    expect(hasTranslation('en', 'added-later:items')).toBe(true);
    expect(hasTranslation('cy', 'added-later:greeting')).toBe(false);
  });
});
