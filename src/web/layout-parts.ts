import nunjucks from 'nunjucks';
import { isLanguage, LANGUAGES, languageLinks, translator, type Language, type LanguageLink } from './i18n.ts';

/**
 * The parts of the page frame that are the same on every page in a language
 * (views/partials/layout/*.njk: the skip link, the GOV.UK header, the service
 * navigation, the phase banner, the footer) are rendered once per language at
 * start-up instead of on every page. GOV.UK's template renders its header and
 * footer blocks twice (once to see whether they are empty), so on every page
 * this saves their macros twice over. `{{ layoutPart('footer') }}` in
 * views/layout.njk puts a part in.
 *
 * The service navigation holds the language links, whose addresses are this
 * page's (`res.locals.languageLinks`): it is rendered once with a stand-in
 * for each address, and each page's addresses, escaped as the template would,
 * take their places. A page whose language or links are not the usual ones
 * (none today) has the part rendered there and then, from the same template.
 */

export const LAYOUT_PARTS = ['skip-link', 'header', 'service-navigation', 'phase-banner', 'footer'] as const;
export type LayoutPart = (typeof LAYOUT_PARTS)[number];

const templateOf = (part: LayoutPart): string => `partials/layout/${part}.njk`;

/** Stands in for a language link's address: nothing in it is escaped, and no page holds it. */
const hrefStandIn = (lang: Language): string => `/__language-link-href-${lang}__`;

interface TemplateContext {
  ctx?: Record<string, unknown>;
}

/** The page's language links are the usual ones: each language once, in order, with its usual words; only the addresses differ. */
function sameButForHrefs(links: unknown, usual: readonly LanguageLink[]): links is LanguageLink[] {
  return (
    Array.isArray(links) &&
    links.length === usual.length &&
    usual.every((expected, i) => {
      const link: unknown = links[i];
      if (typeof link !== 'object' || link === null) return false;
      const given = link as Partial<LanguageLink>;
      return (
        typeof given.href === 'string' &&
        given.text === expected.text &&
        given.lang === expected.lang &&
        given.current === expected.current &&
        given.languageDescriptionText === expected.languageDescriptionText &&
        Object.keys(given).length === Object.keys(expected).length
      );
    })
  );
}

/**
 * Renders every part in every language with `locals` (the app's: `paths`)
 * and that language's words, and lets templates call `layoutPart(name)`.
 */
export function addLayoutParts(env: nunjucks.Environment, locals: Record<string, unknown>): void {
  // An address as `href="{{ item.href }}"` writes it.
  const escapeHref = new nunjucks.Template('{{ href }}', env);
  const usualLinks = new Map(LANGUAGES.map((lang) => [lang, languageLinks('/', lang).map((link) => ({ ...link, href: hrefStandIn(link.lang) }))] as const));
  const rendered = new Map<Language, ReadonlyMap<LayoutPart, string>>(
    LANGUAGES.map((lang) => {
      const context = { ...locals, lang, t: translator(lang), languageLinks: usualLinks.get(lang) };
      return [lang, new Map(LAYOUT_PARTS.map((part) => [part, env.render(templateOf(part), context)] as const))];
    }),
  );

  function fromStartUp(part: LayoutPart, ctx: Record<string, unknown>): string | undefined {
    const { lang } = ctx;
    if (!isLanguage(lang)) return undefined;
    const html = rendered.get(lang)?.get(part);
    if (part !== 'service-navigation' || html === undefined) return html;
    const usual = usualLinks.get(lang) ?? [];
    const links: unknown = ctx.languageLinks;
    if (!sameButForHrefs(links, usual)) return undefined;
    // A function, so that `$&` and the like in an address are not replacement patterns.
    return links.reduce((page, link) => page.replace(hrefStandIn(link.lang), () => escapeHref.render({ href: link.href })), html);
  }

  env.addGlobal('layoutPart', function (this: TemplateContext, part: LayoutPart) {
    const ctx = this.ctx ?? {};
    return new nunjucks.runtime.SafeString(fromStartUp(part, ctx) ?? env.render(templateOf(part), ctx));
  });
}
