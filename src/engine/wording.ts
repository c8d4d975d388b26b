import type { Translator } from './types.ts';

/**
 * A translator that prefers a variant of each key (`<key>_<variant>`) and
 * falls back to the key itself, so a journey writes only the sentences that
 * differ (see QuestionStep.wording).
 */
export function withWording(t: Translator, variant: string | undefined): Translator {
  if (!variant) return t;
  const pick = (key: string): string => (t.exists(`${key}_${variant}`) ? `${key}_${variant}` : key);
  return Object.assign((key: string, options?: Record<string, unknown>) => t(pick(key), options), {
    exists: (key: string) => t.exists(key) || t.exists(`${key}_${variant}`),
    lang: t.lang,
  });
}
