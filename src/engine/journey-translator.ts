import type { Translator } from './types.ts';

/** The prefix of keys that mean "this journey's own namespace" in field kinds, engine templates and journey code. */
export const JOURNEY_PREFIX = 'journey:';
const ENGINE_PREFIX = 'engine:';

/**
 * Where a `journey:` key really lives: in the journey's own namespace
 * (`<namespace>:…`, from src/locales/<lang>/<namespace>.json) when it is
 * there, else in `engine:` (the engine's default words, e.g. check-your-answers'
 * button), else the journey's namespace (so a missing word names the right file).
 * Other keys are left alone.
 */
export function resolveJourneyKey(key: string, namespace: string, exists: (key: string) => boolean): string {
  if (!key.startsWith(JOURNEY_PREFIX)) return key;
  const rest = key.slice(JOURNEY_PREFIX.length);
  const own = `${namespace}:${rest}`;
  if (exists(own)) return own;
  const fallback = `${ENGINE_PREFIX}${rest}`;
  return exists(fallback) ? fallback : own;
}

/** A translator for one journey's pages: `journey:` keys resolve in its namespace, with the engine's words as defaults. */
export function journeyTranslator(t: Translator, namespace: string): Translator {
  const resolve = (key: string): string => resolveJourneyKey(key, namespace, (k) => t.exists(k));
  return Object.assign((key: string, options?: Record<string, unknown>) => t(resolve(key), options), {
    exists: (key: string) => t.exists(resolve(key)),
    lang: t.lang,
  });
}
