import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import type { Request, RequestHandler, Response } from 'express';
import type { Config } from '../config.ts';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, LOCALES_DIR, type Language } from '../languages.ts';
import { presentKeys, resolveWords, translationKeys } from './resolved-words.ts';

/**
 * Every language's words, loaded once at start-up from src/locales/<lang>/*.json
 * (English and Welsh today; the languages are the folders, see src/languages.ts).
 * Each file is a namespace named after it: `common` (pages, layout, errors),
 * `engine` (the form engine's own words and defaults) and one per journey
 * (`apply`, the applicant's questions), plus any other file added later.
 */

export { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, LOCALES_DIR, type Language } from '../languages.ts';
export const DEFAULT_NAMESPACE = 'common';
/** Looked in, in order, when a key is not in `common`. Journeys' words are always named by their namespace. */
export const FALLBACK_NAMESPACES = [] as const;

/** A translate function fixed to one language; interpolation values are escaped by nunjucks, not here. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

export type LocaleResources = Record<Language, Record<string, Record<string, unknown>>>;

/** Files in a language folder that are for people, not the service (the translators' glossary). */
const NOT_NAMESPACES = new Set(['glossary.json']);
export const isNamespaceFile = (name: string): boolean => name.endsWith('.json') && !NOT_NAMESPACES.has(name);

/** Every `*.json` in each language folder, keyed by language then namespace (file name). */
export function loadLocaleResources(dir: string = LOCALES_DIR): LocaleResources {
  const resources = {} as LocaleResources;
  for (const lang of LANGUAGES) {
    const folder = path.join(dir, lang);
    const namespaces: Record<string, Record<string, unknown>> = {};
    for (const file of readdirSync(folder).filter(isNamespaceFile).sort()) {
      const text = readFileSync(path.join(folder, file), 'utf8');
      try {
        namespaces[path.basename(file, '.json')] = JSON.parse(text) as Record<string, unknown>;
      } catch (error) {
        throw new Error(`Translation file ${lang}/${file} is not valid JSON: ${(error as Error).message}`);
      }
    }
    resources[lang] = namespaces;
  }
  return resources;
}

const resources = loadLocaleResources();
const namespaces = [...new Set(LANGUAGES.flatMap((lang) => Object.keys(resources[lang] ?? {})))];

export const i18n = i18next.createInstance();
// initAsync: false makes init finish before this module's import does, so no
// request can ever see an uninitialised instance.
void i18n.init({
  resources,
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  ns: namespaces,
  defaultNS: DEFAULT_NAMESPACE,
  fallbackNS: [...FALLBACK_NAMESPACES],
  initAsync: false,
  returnNull: false,
  // nunjucks autoescapes every output, so escaping here too would double-escape.
  interpolation: { escapeValue: false },
});

/** The words i18next holds now, by language then namespace (the files, and any bundle added since). */
const heldWords = (lang: Language): Record<string, Record<string, unknown>> => i18n.getDataByLanguage(lang) ?? {};

/**
 * Each language's strings without interpolation values, resolved by i18next
 * (see resolved-words.ts), and its own `ns:key`s for `hasTranslation` (plural
 * keys under their forms' key too: key_one, key_other… make `key`). Made at
 * start-up, and again whenever a bundle is added (tests add journeys' words).
 */
let resolved = resolveAll();

function resolveAll(): Map<Language, { words: Map<string, string>; present: Set<string> }> {
  // Every key of every language: a key missing in one language falls back to English's string.
  const allKeys = new Set(LANGUAGES.flatMap((lang) => translationKeys(heldWords(lang), [DEFAULT_NAMESPACE, ...FALLBACK_NAMESPACES])));
  return new Map(
    LANGUAGES.map((lang) => {
      const fixed = i18n.getFixedT(lang, DEFAULT_NAMESPACE);
      return [lang, { words: resolveWords(allKeys, (key) => fixed(key, {})), present: presentKeys(heldWords(lang)) }];
    }),
  );
}

i18n.store.on('added', () => {
  resolved = resolveAll();
});

/**
 * A string without interpolation values is read from the resolved words; only
 * a call with values, or a key that is not a string in the files, asks i18next.
 */
const translators = new Map<Language, Translate>(
  LANGUAGES.map((lang) => {
    const fixed = i18n.getFixedT(lang, DEFAULT_NAMESPACE);
    const translate: Translate = (key, options) => (options === undefined ? resolved.get(lang)?.words.get(key) : undefined) ?? fixed(key, options ?? {});
    return [lang, translate];
  }),
);

export function translator(lang: Language): Translate {
  const translate = translators.get(lang);
  if (!translate) throw new Error(`No translator for language ${lang}`);
  return translate;
}

const hasString = (lang: Language, ns: string, key: string): boolean => resolved.get(lang)?.present.has(`${ns}:${key}`) ?? false;

/**
 * True when `key` has a string in exactly `lang` (no falling back to English),
 * looking in the namespaces `t` would: `ns:key` names one; a bare key is looked
 * up in `common`. For start-up checks of journey definitions.
 */
export function hasTranslation(lang: Language, key: string): boolean {
  const separator = key.indexOf(':');
  if (separator > 0) return hasString(lang, key.slice(0, separator), key.slice(separator + 1));
  return [DEFAULT_NAMESPACE, ...FALLBACK_NAMESPACES].some((ns) => hasString(lang, ns, key));
}

export interface LanguageLink {
  /** The language's own name, in that language ("Cymraeg"). */
  text: string;
  lang: Language;
  href: string;
  current: boolean;
  /** Visually hidden, in the link's language ("Newid yr iaith i’r Gymraeg"). */
  languageDescriptionText: string;
}

/**
 * This page in `target`: same path and query, with only `lang` replaced.
 * Always a path on this site: repeated slashes (which `/.//host` becomes once
 * its dot segments are resolved) would make a link to another host.
 */
export function urlInLanguage(originalUrl: string, target: Language): string {
  const url = new URL(originalUrl, 'http://localhost');
  url.searchParams.delete('lang');
  url.searchParams.set('lang', target);
  return `${url.pathname.replace(/\/{2,}/g, '/')}${url.search}`;
}

export function languageLinks(originalUrl: string, current: Language): LanguageLink[] {
  return LANGUAGES.map((lang) => ({
    text: translator(lang)('languageNavigation.name'),
    lang,
    href: urlInLanguage(originalUrl, lang),
    current: lang === current,
    languageDescriptionText: translator(lang)('languageNavigation.changeTo'),
  }));
}

/**
 * The cookie that keeps someone's choice of language (`?lang=`), so that a
 * visitor who only reads pages needs no session. It lasts while the browser
 * is open (no Max-Age), like the choice kept in a session did, and holds only
 * `en` or `cy`: a setting the person chose, which the cookie rules allow
 * without consent (README, Sessions and cookies).
 */
export const LANGUAGE_COOKIE = 'irm.lang';
/** In production, `__Host-`: the browser refuses it unless it is Secure, host-only and path=/. */
export const languageCookieName = (config: Pick<Config, 'isProduction'>): string => (config.isProduction ? `__Host-${LANGUAGE_COOKIE}` : LANGUAGE_COOKIE);

function languageFromCookie(req: Request): Language | undefined {
  // Read before cookie-parser has run (an early error page) there are no cookies to read.
  const cookies = (req as { cookies?: Record<string, unknown> }).cookies ?? {};
  const value = cookies[`__Host-${LANGUAGE_COOKIE}`] ?? cookies[LANGUAGE_COOKIE];
  return isLanguage(value) ? value : undefined;
}

/** The language asked for in the query string, else the one the language cookie keeps, else the session's, else English. */
export function requestedLanguage(req: Request): Language {
  const fromQuery = req.query.lang;
  if (isLanguage(fromQuery)) return fromQuery;
  const fromCookie = languageFromCookie(req);
  if (fromCookie) return fromCookie;
  // The error page may ask before the session middleware has run (or where it never does: health checks).
  const fromSession = (req.session as { lang?: unknown } | undefined)?.lang;
  return isLanguage(fromSession) ? fromSession : DEFAULT_LANGUAGE;
}

/** Sets req.t/req.lang and res.locals.t/lang/htmlLang/languageLinks for one language. */
export function localise(req: Request, res: Response, lang: Language): void {
  const t = translator(lang);
  req.lang = lang;
  req.t = t;
  res.locals.lang = lang;
  res.locals.htmlLang = lang;
  res.locals.t = t;
  res.locals.languageLinks = languageLinks(req.originalUrl, lang);
}

/**
 * Picks the language for the request; a valid `?lang=` is remembered in the
 * language cookie, never in the session, so that choosing a language stores
 * nothing on the server.
 */
export function i18nMiddleware(config: Pick<Config, 'isProduction'>): RequestHandler {
  const cookieName = languageCookieName(config);
  return (req, res, next) => {
    const lang = requestedLanguage(req);
    if (isLanguage(req.query.lang) && languageFromCookie(req) !== lang) {
      res.cookie(cookieName, lang, { httpOnly: true, sameSite: 'lax', path: '/', secure: config.isProduction });
    }
    localise(req, res, lang);
    next();
  };
}
