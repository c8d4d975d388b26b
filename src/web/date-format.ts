import { formatLongDate, parseCalendarDate } from '../dates/calendar-date.ts';
import type { Language } from './i18n.ts';

/**
 * '2025-01-03' → '3 January 2025' (GOV.UK style) or '3 Ionawr 2025'.
 * A string or number that is not a real YYYY-MM-DD date is returned unchanged,
 * so a bad value shows up on the page rather than crashing it; anything else
 * (nothing, an object) shows as nothing.
 */
export function formatGovukDate(value: unknown, lang: Language): string {
  const date = parseCalendarDate(value);
  if (date) return formatLongDate(date, lang);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}
