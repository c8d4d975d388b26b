import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * People type month names as often as numbers, in any of the service's
 * languages; the Design System asks services to accept them. The names come
 * from Intl (the ICU data in Node), so the engine holds no table of words and
 * a new language needs only its locale files.
 */

/** Month number (1–12) by lower-case name: full and short names, and unambiguous beginnings of three letters or more ("sept"). */
export function monthNameLookup(languages: readonly string[]): ReadonlyMap<string, number> {
  const exact = new Map<string, number>();
  const prefixes = new Map<string, Set<number>>();
  for (const lang of languages) {
    const long = new Intl.DateTimeFormat(lang, { month: 'long', timeZone: 'UTC' });
    const short = new Intl.DateTimeFormat(lang, { month: 'short', timeZone: 'UTC' });
    for (let month = 1; month <= 12; month++) {
      const day = Date.UTC(2000, month - 1, 1);
      const name = long.format(day).toLocaleLowerCase(lang);
      exact.set(name, month);
      exact.set(short.format(day).toLocaleLowerCase(lang).replace(/\.$/, ''), month);
      for (let end = 3; end < name.length; end++) {
        const prefix = name.slice(0, end);
        prefixes.set(prefix, (prefixes.get(prefix) ?? new Set()).add(month));
      }
    }
  }
  const lookup = new Map<string, number>();
  for (const [prefix, months] of prefixes) {
    const [month] = months;
    if (months.size === 1 && month !== undefined) lookup.set(prefix, month);
  }
  for (const [name, month] of exact) lookup.set(name, month);
  return lookup;
}

/** The engine's words come in one folder per language (src/locales/<lang>/engine.json): those are the languages it reads month names in. */
const LOCALES_DIR = fileURLToPath(new URL('../locales/', import.meta.url));

function localeLanguages(): string[] {
  return readdirSync(LOCALES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(`${LOCALES_DIR}${entry.name}/engine.json`))
    .map((entry) => entry.name)
    .sort();
}

let serviceLookup: ReadonlyMap<string, number> | undefined;

/** The month a typed name stands for, in any of the service's languages; undefined when it is not a month name. */
export function monthFromName(input: string): number | undefined {
  serviceLookup ??= monthNameLookup(localeLanguages());
  return serviceLookup.get(input.toLowerCase());
}
