import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverLanguages, LANGUAGES } from '../src/languages.ts';

/** A language is a folder of words: adding a third is adding its folder, with no list in the code to edit. */
describe('the languages the service speaks', () => {
  const made: string[] = [];
  const localesWith = (folders: Record<string, boolean>): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'irm-locales-'));
    made.push(dir);
    for (const [lang, hasCommon] of Object.entries(folders)) {
      mkdirSync(path.join(dir, lang));
      if (hasCommon) writeFileSync(path.join(dir, lang, 'common.json'), '{}');
    }
    return dir;
  };
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('are English and Welsh today, English first', () => {
    expect(LANGUAGES).toEqual(['en', 'cy']);
  });

  it('are every folder with words, the default first: a new folder is a new language', () => {
    expect(discoverLanguages(localesWith({ cy: true, fr: true, en: true, notes: false }))).toEqual(['en', 'cy', 'fr']);
  });

  it('need the default language’s words', () => {
    expect(() => discoverLanguages(localesWith({ cy: true }))).toThrow(/en.common\.json is missing/);
  });
});
