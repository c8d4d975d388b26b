import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNamespaceFile, LANGUAGES, LOCALES_DIR, loadLocaleResources, type Language } from '../../src/web/i18n.ts';

/**
 * English and Welsh must say the same things: every key in one language is in
 * the other, with the same {{placeholders}}, across every namespace file.
 * Plural keys (key_one, key_other…) are compared by their base key; each
 * language must then have every plural form its grammar uses (Welsh has six).
 */

const resources = loadLocaleResources();
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'string') {
    out.set(prefix, value);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      for (const [k, v] of flatten(child, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
    }
  } else {
    out.set(prefix, `<not a string: ${JSON.stringify(value)}>`);
  }
  return out;
}

interface Entry {
  placeholders: Set<string>;
  pluralForms: Set<string>;
}

function entries(lang: Language, ns: string): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const [key, text] of flatten(resources[lang]?.[ns] ?? {})) {
    const plural = PLURAL_SUFFIX.exec(key);
    const base = plural ? key.slice(0, plural.index) : key;
    const entry = out.get(base) ?? { placeholders: new Set<string>(), pluralForms: new Set<string>() };
    if (plural?.[1]) entry.pluralForms.add(plural[1]);
    for (const match of text.matchAll(/\{\{\s*([^},\s]+)[^}]*\}\}/g)) if (match[1]) entry.placeholders.add(match[1]);
    out.set(base, entry);
  }
  return out;
}

const sorted = (set: Iterable<string>) => [...set].sort();

const namespaceFiles = (lang: Language) =>
  readdirSync(path.join(LOCALES_DIR, lang))
    .filter(isNamespaceFile)
    .map((file) => path.basename(file, '.json'))
    .sort();

const allNamespaces = sorted(new Set(LANGUAGES.flatMap(namespaceFiles)));

describe('translations', () => {
  it('have the same namespace files in every language', () => {
    const missing = LANGUAGES.flatMap((lang) => allNamespaces.filter((ns) => !namespaceFiles(lang).includes(ns)).map((ns) => `${lang}/${ns}.json is missing`));
    expect(missing).toEqual([]);
  });

  it.each(allNamespaces)('%s: every key is in both languages, with the same placeholders and all plural forms', (ns) => {
    const byLang = new Map(LANGUAGES.map((lang) => [lang, entries(lang, ns)] as const));
    const keys = sorted(new Set(LANGUAGES.flatMap((lang) => [...(byLang.get(lang)?.keys() ?? [])])));
    const problems: string[] = [];

    for (const key of keys) {
      const present = LANGUAGES.filter((lang) => byLang.get(lang)?.has(key));
      for (const lang of LANGUAGES.filter((l) => !present.includes(l))) {
        problems.push(`${ns}:${key} is missing in ${lang} (present in ${present.join(', ')})`);
      }
      if (present.length < 2) continue;

      const [first, ...rest] = present.flatMap((lang) => {
        const entry = byLang.get(lang)?.get(key);
        return entry ? [{ lang, entry }] : [];
      });
      if (!first) continue;
      for (const other of rest) {
        const a = sorted(first.entry.placeholders);
        const b = sorted(other.entry.placeholders);
        if (a.join() !== b.join()) {
          problems.push(`${ns}:${key} placeholders differ: ${first.lang} {${a.join(', ')}} vs ${other.lang} {${b.join(', ')}}`);
        }
      }

      for (const { lang, entry } of [first, ...rest]) {
        if (entry.pluralForms.size === 0) continue;
        const needed = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
        const missingForms = needed.filter((form) => !entry.pluralForms.has(form));
        if (missingForms.length > 0) problems.push(`${ns}:${key} in ${lang} lacks plural forms ${missingForms.map((f) => `_${f}`).join(', ')}`);
      }
    }

    expect(problems).toEqual([]);
  });
});

/**
 * One Welsh term for each legal term, everywhere: the glossary in the Welsh
 * folder names the term, its source and the renderings to avoid.
 */
interface GlossaryTerm {
  en: string;
  cy: string;
  /** The term as it appears in a sentence: mutated, plural, or as a verb-noun in a compound. */
  forms: string[];
  source: string;
  avoid: string[];
}
const glossary = JSON.parse(readFileSync(path.join(LOCALES_DIR, 'cy', 'glossary.json'), 'utf8')) as { terms: GlossaryTerm[] };

describe('the Welsh glossary', () => {
  const welsh = [...flatten(resources.cy)];
  const english = flatten(resources.en);

  it('names a source for every term', () => {
    expect(glossary.terms.length).toBeGreaterThan(0);
    for (const term of glossary.terms) expect(term.source.length, term.en).toBeGreaterThan(10);
  });

  it.each(glossary.terms.map((term) => [term.en, term] as const))('"%s": no Welsh string uses another rendering', (_en, term) => {
    const found = welsh.filter(([, text]) => term.avoid.some((bad) => text.toLowerCase().includes(bad.toLowerCase()))).map(([key]) => key);
    expect(found).toEqual([]);
  });

  it.each(glossary.terms.map((term) => [term.en, term] as const))('"%s": where the English says it, the Welsh uses the glossary term', (_en, term) => {
    const missing = welsh
      .filter(([key]) => (english.get(key) ?? '').toLowerCase().includes(term.en.toLowerCase()))
      .filter(([, text]) => ![term.cy, ...term.forms].some((form) => text.toLowerCase().includes(form.toLowerCase())))
      .map(([key]) => key);
    expect(missing).toEqual([]);
  });
});
