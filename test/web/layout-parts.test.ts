import express from 'express';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, translator } from '../../src/web/i18n.ts';
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
      const page = env.renderString(`[{{ layoutPart('${part}') }}]`, { lang });
      const direct = env.render(`partials/layout/${part}.njk`, { lang, t: translator(lang), paths: PAGE_PATHS });
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
});
