import nunjucks from 'nunjucks';
import { isLanguage, LANGUAGES, translator, type Language } from './i18n.ts';

/**
 * The parts of the page frame that are the same on every page in a language
 * (views/partials/layout/*.njk: the skip link, the GOV.UK header, the phase
 * banner, the footer) are rendered once per language at start-up instead of
 * on every page. GOV.UK's template renders its header and footer blocks twice
 * (once to see whether they are empty), so on every page this saves their
 * macros twice over. `{{ layoutPart('footer') }}` in views/layout.njk puts a
 * part in; a page without a known language (none has one today) renders it
 * there and then, from the same template.
 */

export const LAYOUT_PARTS = ['skip-link', 'header', 'phase-banner', 'footer'] as const;
export type LayoutPart = (typeof LAYOUT_PARTS)[number];

const templateOf = (part: LayoutPart): string => `partials/layout/${part}.njk`;

interface TemplateContext {
  ctx?: Record<string, unknown>;
}

/**
 * Renders every part in every language with `locals` (the app's: `paths`)
 * and that language's words, and lets templates call `layoutPart(name)`.
 */
export function addLayoutParts(env: nunjucks.Environment, locals: Record<string, unknown>): void {
  const rendered = new Map<Language, ReadonlyMap<LayoutPart, string>>(
    LANGUAGES.map((lang) => {
      const context = { ...locals, lang, t: translator(lang) };
      return [lang, new Map(LAYOUT_PARTS.map((part) => [part, env.render(templateOf(part), context)] as const))];
    }),
  );
  env.addGlobal('layoutPart', function (this: TemplateContext, part: LayoutPart) {
    const lang = this.ctx?.lang;
    const html = isLanguage(lang) ? rendered.get(lang)?.get(part) : undefined;
    return new nunjucks.runtime.SafeString(html ?? env.render(templateOf(part), this.ctx));
  });
}
