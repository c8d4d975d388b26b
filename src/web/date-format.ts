import type { Language } from './i18n.ts';

// A table rather than Intl: Welsh month names must not depend on which ICU
// data the Node build happens to carry.
const MONTHS: Record<Language, readonly string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  cy: ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst', 'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr'],
};

/**
 * '2025-01-03' → '3 January 2025' (GOV.UK style) or '3 Ionawr 2025'.
 * Anything that is not a real YYYY-MM-DD date is returned unchanged, so a bad
 * value shows up on the page rather than crashing it.
 */
export function formatGovukDate(value: unknown, lang: Language): string {
  const text = String(value ?? '');
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return text;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return text;
  return `${day} ${MONTHS[lang][month - 1]} ${year}`;
}
