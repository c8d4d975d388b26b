import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The languages the service speaks, found rather than listed: a language is
 * a folder of words, src/locales/<code>/ with at least common.json. Adding
 * one is adding its folder (the start-up checks and the locale tests then
 * ask for every word); nothing in the code names a language but the default.
 */

export const LOCALES_DIR = fileURLToPath(new URL('./locales/', import.meta.url));

/** A language code the service has words for, e.g. 'en' or 'cy' (ISO 639-1, as in `<html lang>`). */
export type Language = string;

/** English: the language of a page nobody chose a language for, and of any word missing elsewhere. */
export const DEFAULT_LANGUAGE: Language = 'en';

/** The languages with words in `dir`, the default first, then in code order. */
export function discoverLanguages(dir: string = LOCALES_DIR): readonly [Language, ...Language[]] {
  const found = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'common.json')))
    .map((entry) => entry.name)
    .sort();
  if (!found.includes(DEFAULT_LANGUAGE)) throw new Error(`No words for the default language: ${path.join(dir, DEFAULT_LANGUAGE, 'common.json')} is missing`);
  return [DEFAULT_LANGUAGE, ...found.filter((lang) => lang !== DEFAULT_LANGUAGE)];
}

export const LANGUAGES = discoverLanguages();

export const isLanguage = (value: unknown): value is Language => typeof value === 'string' && LANGUAGES.includes(value);
