import { describe, it, expect } from 'vitest';
import {
  addCalendarDays,
  calendarDateFromParts,
  calendarDateParts,
  compareDates,
  dayOfWeek,
  daysBetween,
  formatLongDate,
  parseCalendarDate,
  todayInLondon,
  type CalendarDate,
} from '../../src/dates/calendar-date.ts';

function date(s: string): CalendarDate {
  const parsed = parseCalendarDate(s);
  if (parsed === undefined) throw new Error(`bad test date ${s}`);
  return parsed;
}

describe('calendarDateFromParts', () => {
  it.each([
    [2025, 1, 3, '2025-01-03'],
    [2024, 2, 29, '2024-02-29'],
    [2000, 2, 29, '2000-02-29'],
    [2028, 2, 29, '2028-02-29'],
    [2025, 12, 31, '2025-12-31'],
    [1900, 1, 1, '1900-01-01'],
    // How old a date may be is a question's rule, not the calendar's.
    [1899, 12, 31, '1899-12-31'],
    [1000, 1, 1, '1000-01-01'],
    [9999, 12, 31, '9999-12-31'],
  ])('%i-%i-%i is %s', (y, m, d, expected) => {
    expect(calendarDateFromParts(y, m, d)).toBe(expected);
  });

  it.each([
    ['31 February', 2025, 2, 31],
    ['29 February in a non-leap year', 2025, 2, 29],
    ['29 February 1900 (century, not leap)', 1900, 2, 29],
    ['31 April', 2025, 4, 31],
    ['month 13', 2025, 13, 1],
    ['month 0', 2025, 0, 10],
    ['day 0', 2025, 1, 0],
    ['day 32', 2025, 1, 32],
    ['a year of fewer than four digits', 999, 12, 31],
    ['year after 9999', 10000, 1, 1],
    ['fractional day', 2025, 1, 1.5],
    ['NaN month', 2025, Number.NaN, 1],
    ['negative year', -2025, 1, 1],
  ])('%s is not a date', (_label, y, m, d) => {
    expect(calendarDateFromParts(y, m, d)).toBeUndefined();
  });
});

describe('parseCalendarDate', () => {
  it.each(['2025-01-03', '2024-02-29', '1900-01-01', '9999-12-31'])('accepts %s', (s) => {
    expect(parseCalendarDate(s)).toBe(s);
  });

  it.each([
    '2025-02-31',
    '2025-02-29',
    '2025-13-01',
    '2025-00-01',
    '2025-01-00',
    '2025-1-3',
    '25-01-03',
    ' 2025-01-03',
    '2025-01-03T00:00:00Z',
    '03/01/2025',
    '',
    20250103,
    undefined,
    null,
  ])('rejects %j', (s) => {
    expect(parseCalendarDate(s)).toBeUndefined();
  });

  it('gives back the parts', () => {
    expect(calendarDateParts(date('2028-02-29'))).toEqual({ year: 2028, month: 2, day: 29 });
  });
});

describe('todayInLondon', () => {
  it.each([
    // Clocks go forward at 01:00 UTC on 29 March 2026.
    ['2026-03-28T23:30:00Z', '2026-03-28'],
    ['2026-03-29T00:30:00Z', '2026-03-29'],
    ['2026-03-29T22:59:59Z', '2026-03-29'],
    ['2026-03-29T23:00:00Z', '2026-03-30'],
    // Clocks go back at 01:00 UTC on 25 October 2026.
    ['2026-10-24T22:59:59Z', '2026-10-24'],
    ['2026-10-24T23:30:00Z', '2026-10-25'],
    ['2026-10-25T00:30:00Z', '2026-10-25'],
    ['2026-10-25T23:30:00Z', '2026-10-25'],
    ['2026-10-26T00:00:00Z', '2026-10-26'],
    // Summer midnight is 23:00 UTC the day before.
    ['2025-06-30T23:00:00Z', '2025-07-01'],
    // Winter: London is on UTC.
    ['2025-12-31T23:59:59Z', '2025-12-31'],
    ['2026-01-01T00:00:00Z', '2026-01-01'],
    ['2024-02-29T12:00:00Z', '2024-02-29'],
  ])('at %s it is %s in London', (instant, expected) => {
    expect(todayInLondon(new Date(instant))).toBe(expected);
  });
});

describe('addCalendarDays', () => {
  it.each([
    ['2025-01-03', 28, '2025-01-31'],
    ['2025-01-03', 0, '2025-01-03'],
    ['2025-12-20', 28, '2026-01-17'],
    ['2024-02-01', 28, '2024-02-29'],
    ['2025-02-01', 28, '2025-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2025-01-01', -1, '2024-12-31'],
    // Across both clock changes: never a day gained or lost.
    ['2026-03-28', 1, '2026-03-29'],
    ['2026-03-29', 1, '2026-03-30'],
    ['2026-10-24', 1, '2026-10-25'],
    ['2026-10-25', 1, '2026-10-26'],
    ['2026-03-01', 365, '2027-03-01'],
  ])('%s + %i days is %s', (start, n, expected) => {
    expect(addCalendarDays(date(start), n)).toBe(expected);
  });

  it('refuses to leave the supported years rather than make a malformed date', () => {
    expect(() => addCalendarDays(date('9999-12-31'), 1)).toThrow(RangeError);
    expect(() => addCalendarDays(date('1000-01-01'), -1)).toThrow(RangeError);
  });

  it('refuses part days', () => {
    expect(() => addCalendarDays(date('2025-01-01'), 0.5)).toThrow(RangeError);
  });
});

describe('dayOfWeek', () => {
  it.each([
    ['2025-01-03', 5],
    ['2025-01-04', 6],
    ['2025-01-05', 0],
    ['2025-12-01', 1],
    ['2026-01-28', 3],
    ['2028-02-29', 2],
    ['2026-03-29', 0],
  ])('%s is day %i', (d, expected) => {
    expect(dayOfWeek(date(d))).toBe(expected);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2025-01-03', '2025-01-31', 28],
    ['2025-01-31', '2025-01-03', -28],
    ['2025-01-03', '2025-01-03', 0],
    ['2026-03-28', '2026-03-30', 2],
    ['2026-10-24', '2026-10-26', 2],
    ['2024-01-01', '2025-01-01', 366],
    ['2025-01-01', '2026-01-01', 365],
  ])('from %s to %s is %i', (a, b, expected) => {
    expect(daysBetween(date(a), date(b))).toBe(expected);
  });
});

describe('compareDates', () => {
  it('orders dates', () => {
    const dates = ['2025-12-01', '2024-02-29', '2025-01-03'].map(date);
    expect([...dates].sort(compareDates)).toEqual(['2024-02-29', '2025-01-03', '2025-12-01']);
    expect(compareDates(date('2025-01-03'), date('2025-01-03'))).toBe(0);
  });
});

describe('formatLongDate', () => {
  it.each([
    ['2025-02-27', 'en', '27 February 2025'],
    ['2026-01-01', 'en', '1 January 2026'],
    ['2025-02-27', 'cy', '27 Chwefror 2025'],
  ] as const)('%s in %s is %s', (d, locale, expected) => {
    expect(formatLongDate(date(d), locale)).toBe(expected);
  });
});
