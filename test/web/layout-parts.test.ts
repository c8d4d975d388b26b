import express from 'express';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, languageLinks, translator } from '../../src/web/i18n.ts';
import { addLayoutParts, LAYOUT_PARTS } from '../../src/web/layout-parts.ts';
import { PAGE_PATHS } from '../../src/web/pages.ts';
import { configureViews } from '../../src/web/views.ts';

function views() {
  const env = configureViews(express(), { isProduction: true });
  addLayoutParts(env, { paths: PAGE_PATHS });
  return env;
}

describe('layoutPart', () => {
  const env = views();

  it.each(LANGUAGES.flatMap((lang) => LAYOUT_PARTS.map((part) => [part, lang] as const)))(
    'puts in the %s in %s as its template renders it for that language',
    (part, lang) => {
      // Only what differs by page: the language and this page's language links.
      const page = env.renderString(`[{{ layoutPart('${part}') }}]`, { lang, languageLinks: languageLinks('/cookies', lang) });
      const direct = env.render(`partials/layout/${part}.njk`, {
        lang,
        t: translator(lang),
        paths: PAGE_PATHS,
        languageLinks: languageLinks('/cookies', lang),
      });
      expect(page).toBe(`[${direct}]`);
      expect(direct).toContain('class="govuk-');
    },
  );

  it('is in the page language, and is not escaped', () => {
    expect(env.renderString(`{{ layoutPart('footer') }}`, { lang: 'cy' })).toContain('Cwcis');
    expect(env.renderString(`{{ layoutPart('footer') }}`, { lang: 'en' })).toContain('<div class="govuk-footer">');
  });

  it('renders the part from the page itself when the page has no known language', () => {
    const t = Object.assign((key: string) => `[${key}]`, { exists: () => true });
    expect(env.renderString(`{{ layoutPart('skip-link') }}`, { t })).toContain('[layout.skipLink]');
  });

  it.each([
    ['/apply/applicant-name?return=%2Fapply%2Fcheck-answers', 'en'],
    ['/cookies?a=1&b=<2>', 'cy'],
    ['/apply/x?q=$&$1\'"', 'en'],
  ] as const)('puts this page’s addresses (%s) in the language links, escaped as the template escapes them', (url, lang) => {
    const page = { lang, t: translator(lang), paths: PAGE_PATHS, languageLinks: languageLinks(url, lang) };
    const direct = env.render('partials/layout/service-navigation.njk', page);
    expect(env.renderString(`{{ layoutPart('service-navigation') }}`, page)).toBe(direct);
    expect(direct).toContain('govuk-service-navigation');
  });

  it('renders the service navigation from the page when its language links are not the usual ones', () => {
    const links = languageLinks('/cookies', 'en').map((link) => ({ ...link, text: `${link.text}!` }));
    const page = { lang: 'en', t: translator('en'), paths: PAGE_PATHS, languageLinks: links };
    expect(env.renderString(`{{ layoutPart('service-navigation') }}`, page)).toContain('Cymraeg!');
  });
});
