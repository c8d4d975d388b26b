/**
 * Calendar dates as people in England mean them: a day on the wall calendar in
 * Europe/London, with no time and no zone. Kept as an ISO 'YYYY-MM-DD' string
 * so it stores, compares and serialises without surprises; the brand stops a
 * raw, unchecked string being passed where a real date is required.
 *
 * All arithmetic is done on the date parts in UTC, where no day is ever 23 or
 * 25 hours long, so the clocks changing can never move a date.
 *
 * src/dates imports nothing from the service: the engine (date fields) and the
 * domain rules (deadlines, working days) both build on it.
 */

declare const calendarDateBrand: unique symbol;
export type CalendarDate = string & { readonly [calendarDateBrand]: true };

export interface CalendarDateParts {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

// Four-digit years keep the ISO strings sortable as text. How far back a date
// may go is a question's own rule (dateField's notMoreThanYearsAgo), not this.
export const MIN_YEAR = 1000;
export const MAX_YEAR = 9999;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days in a month of the proleptic Gregorian calendar (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A CalendarDate for real date parts, or undefined for impossible ones (31 Feb, month 13, day 0). */
export function calendarDateFromParts(year: number, month: number, day: number): CalendarDate | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < MIN_YEAR || year > MAX_YEAR) return undefined;
  if (month < 1 || month > 12) return undefined;
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as CalendarDate;
}

/** Accepts only a strict, real 'YYYY-MM-DD' date (e.g. from storage or a query string). */
export function parseCalendarDate(input: unknown): CalendarDate | undefined {
  if (typeof input !== 'string') return undefined;
  const match = ISO_DATE.exec(input);
  if (!match) return undefined;
  return calendarDateFromParts(Number(match[1]), Number(match[2]), Number(match[3]));
}

export function calendarDateParts(date: CalendarDate): CalendarDateParts {
  return {
    year: Number(date.slice(0, 4)),
    month: Number(date.slice(5, 7)),
    day: Number(date.slice(8, 10)),
  };
}

function toUtcMs(date: CalendarDate): number {
  const { year, month, day } = calendarDateParts(date);
  return Date.UTC(year, month - 1, day);
}

function fromUtcMs(ms: number): CalendarDate {
  const d = new Date(ms);
  const result = calendarDateFromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  if (result === undefined) {
    throw new RangeError(`Date arithmetic left the supported years ${MIN_YEAR}–${MAX_YEAR}`);
  }
  return result;
}

// One formatter for the process: building Intl formatters is slow.
const londonDateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The date on a London wall calendar at the instant `now`, whatever the server's own time zone. */
export function todayInLondon(now: Date): CalendarDate {
  const parts = londonDateFormat.formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const date = calendarDateFromParts(part('year'), part('month'), part('day'));
  if (date === undefined) throw new RangeError(`No London calendar date for ${now.toISOString()}`);
  return date;
}

/**
 * The date `days` later (or earlier when negative).
 * Throws RangeError if the result leaves the supported years: validate user
 * input (e.g. with checkLetterDate) before doing arithmetic on it.
 */
export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  if (!Number.isInteger(days)) throw new RangeError(`Whole days only, got ${days}`);
  return fromUtcMs(toUtcMs(date) + days * MS_PER_DAY);
}

/** Negative when a is earlier, 0 when equal, positive when later; usable with Array.prototype.sort. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 0 = Sunday … 6 = Saturday, as Date.prototype.getDay. */
export function dayOfWeek(date: CalendarDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

/** Calendar days from a to b: positive when b is later (daysBetween(Mon, Wed) === 2). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return Math.round((toUtcMs(b) - toUtcMs(a)) / MS_PER_DAY);
}

// Built once per language and kept: Intl's formatter is slow to make.
const monthNames = new Map<string, readonly string[]>();

/** The months' names in a language, from Intl (ICU), so a new language brings its own. */
function monthNamesIn(lang: string): readonly string[] {
  let names = monthNames.get(lang);
  if (!names) {
    const format = new Intl.DateTimeFormat(lang, { month: 'long', timeZone: 'UTC' });
    names = Array.from({ length: 12 }, (_, index) => format.format(Date.UTC(2000, index, 1)));
    monthNames.set(lang, names);
  }
  return names;
}

/** GOV.UK style long date: '27 February 2025', or in Welsh ('cy') '27 Chwefror 2025'. */
export function formatLongDate(date: CalendarDate, lang = 'en'): string {
  const { year, month, day } = calendarDateParts(date);
  return `${day} ${monthNamesIn(lang)[month - 1] ?? String(month)} ${year}`;
}
