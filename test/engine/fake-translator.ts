import type { Translator } from '../../src/engine/types.ts';

/**
 * A translator that returns the key (and any options as JSON), so tests can
 * see exactly which message and parameters the engine asked for.
 */
export function fakeTranslator(existing: Iterable<string> = [], lang = 'en'): Translator {
  const keys = new Set(existing);
  return Object.assign((key: string, opts?: Record<string, unknown>) => key + (opts ? JSON.stringify(opts) : ''), {
    exists: (key: string) => keys.has(key),
    lang,
  });
}
