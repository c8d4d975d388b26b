import { describe, it, expect } from 'vitest';
import { parseCalendarDate, type CalendarDate } from '../../src/dates/calendar-date.ts';
import { createWorkingDayCalendar } from '../../src/rules/working-days.ts';

function date(s: string): CalendarDate {
  const parsed = parseCalendarDate(s);
  if (parsed === undefined) throw new Error(`bad test date ${s}`);
  return parsed;
}

const calendar = createWorkingDayCalendar();

describe('isBankHoliday (England and Wales)', () => {
  it.each([
    ['2021-12-27', 'Christmas Day substitute'],
    ['2021-12-28', 'Boxing Day substitute'],
    ['2022-01-03', "New Year's Day substitute"],
    ['2022-06-03', 'Platinum Jubilee'],
    ['2022-09-19', 'state funeral of Queen Elizabeth II'],
    ['2022-12-27', 'Christmas Day substitute'],
    ['2023-01-02', "New Year's Day substitute"],
    ['2023-05-08', 'coronation of King Charles III'],
    ['2020-05-08', 'early May bank holiday moved for VE day'],
    ['2025-04-18', 'Good Friday'],
    ['2025-04-21', 'Easter Monday'],
    ['2025-05-05', 'early May bank holiday'],
    ['2025-05-26', 'spring bank holiday'],
    ['2025-08-25', 'summer bank holiday'],
    ['2025-12-25', 'Christmas Day'],
    ['2025-12-26', 'Boxing Day'],
    ['2026-01-01', "New Year's Day"],
    ['2026-12-28', 'Boxing Day substitute'],
    ['2028-04-14', 'Good Friday'],
  ])('%s is a bank holiday (%s)', (d) => {
    expect(calendar.isBankHoliday(date(d))).toBe(true);
    expect(calendar.isWorkingDay(date(d))).toBe(false);
  });

  it.each([
    ['2025-04-20', 'Easter Sunday is an observance, not a bank holiday'],
    ['2025-03-30', "Mother's Day is an observance"],
    ['2025-12-24', 'Christmas Eve'],
    ['2025-12-31', "New Year's Eve"],
    ['2020-05-04', 'the usual early May Monday, moved in 2020'],
    ['2025-03-17', "St Patrick's Day is a holiday in Northern Ireland only"],
    ['2025-08-04', 'the summer bank holiday in Scotland only'],
    ['2025-01-02', 'the 2 January holiday in Scotland only'],
  ])('%s is not a bank holiday (%s)', (d) => {
    expect(calendar.isBankHoliday(date(d))).toBe(false);
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2025-01-03', true, 'Friday'],
    ['2025-01-04', false, 'Saturday'],
    ['2025-01-05', false, 'Sunday'],
    ['2025-01-06', true, 'Monday'],
    ['2025-04-22', true, 'Tuesday after Easter Monday'],
    ['2028-02-29', true, 'leap day, a Tuesday'],
    ['2026-03-30', true, 'Monday after the clocks go forward'],
  ])('%s → %s (%s)', (d, expected) => {
    expect(calendar.isWorkingDay(date(d))).toBe(expected);
  });
});

describe('addWorkingDaysBeginningWith', () => {
  it.each([
    // The worked examples from the adoption guidance.
    ['2025-01-03', 40, '2025-02-27', 'letter Fri 3 Jan 2025'],
    ['2025-12-01', 40, '2026-01-28', 'letter Mon 1 Dec 2025: 25, 26 Dec and 1 Jan skipped'],
    // Day 1 is the start date when it is a working day.
    ['2025-01-03', 1, '2025-01-03', 'one day beginning with a working day is that day'],
    ['2025-01-03', 2, '2025-01-06', 'over a weekend'],
    // Otherwise day 1 is the next working day.
    ['2025-01-04', 1, '2025-01-06', 'start on a Saturday'],
    ['2025-01-05', 1, '2025-01-06', 'start on a Sunday'],
    ['2025-01-04', 40, '2025-02-28', 'start on a Saturday, 40 days'],
    ['2025-04-18', 1, '2025-04-22', 'start on Good Friday: Easter Monday also skipped'],
    ['2025-04-18', 40, '2025-06-18', 'start on Good Friday, 40 days over the May bank holidays'],
    ['2025-04-17', 2, '2025-04-22', 'Easter 2025'],
    // Christmas and New Year, with substitute days.
    ['2021-12-24', 2, '2021-12-29', 'Christmas 2021: 27 and 28 Dec are substitutes'],
    ['2021-12-31', 2, '2022-01-04', 'New Year 2022: 3 Jan is the substitute'],
    ['2022-12-23', 2, '2022-12-28', 'Christmas 2022: 27 Dec is the substitute'],
    ['2022-12-30', 2, '2023-01-03', 'New Year 2023: 2 Jan is the substitute'],
    ['2026-12-24', 2, '2026-12-29', 'Christmas 2026: 28 Dec is the substitute'],
    // Spring and summer bank holidays.
    ['2025-05-02', 2, '2025-05-06', 'early May bank holiday'],
    ['2025-05-23', 2, '2025-05-27', 'spring bank holiday'],
    ['2025-08-22', 2, '2025-08-26', 'summer bank holiday'],
    // One-off bank holidays.
    ['2022-09-16', 2, '2022-09-20', 'state funeral 2022'],
    ['2023-05-05', 2, '2023-05-09', 'coronation 2023'],
    ['2022-06-01', 2, '2022-06-06', 'Platinum Jubilee: 2 and 3 June 2022'],
    // Leap years: 29 February is a working day like any other.
    ['2028-02-28', 2, '2028-02-29', 'onto leap day'],
    ['2028-02-01', 40, '2028-03-27', 'through February 2028'],
    ['2025-02-03', 40, '2025-03-28', 'through February 2025 (not leap)'],
    // Across the clock changes.
    ['2026-03-27', 2, '2026-03-30', 'clocks go forward'],
    ['2026-10-23', 2, '2026-10-26', 'clocks go back'],
  ])('%s + %i working days → %s (%s)', (start, n, expected) => {
    expect(calendar.addWorkingDaysBeginningWith(date(start), n)).toBe(expected);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a count of %s', (n) => {
    expect(() => calendar.addWorkingDaysBeginningWith(date('2025-01-03'), n)).toThrow(RangeError);
  });
});

describe('configured holidays', () => {
  it('an extra holiday is not a working day and pushes the last day back', () => {
    const withExtra = createWorkingDayCalendar({ extraHolidays: [date('2025-02-14')] });
    expect(withExtra.isBankHoliday(date('2025-02-14'))).toBe(true);
    expect(withExtra.isWorkingDay(date('2025-02-14'))).toBe(false);
    expect(withExtra.addWorkingDaysBeginningWith(date('2025-01-03'), 40)).toBe('2025-02-28');
    // The default calendar is unaffected.
    expect(calendar.isWorkingDay(date('2025-02-14'))).toBe(true);
  });

  it('an extra holiday on the start date moves day 1 on', () => {
    const withExtra = createWorkingDayCalendar({ extraHolidays: [date('2025-01-03')] });
    expect(withExtra.addWorkingDaysBeginningWith(date('2025-01-03'), 1)).toBe('2025-01-06');
  });

  it('an excluded holiday counts as a working day', () => {
    const corrected = createWorkingDayCalendar({ excludedHolidays: [date('2025-12-26')] });
    expect(corrected.isBankHoliday(date('2025-12-26'))).toBe(false);
    expect(corrected.isWorkingDay(date('2025-12-26'))).toBe(true);
    expect(corrected.addWorkingDaysBeginningWith(date('2025-12-01'), 40)).toBe('2026-01-27');
  });
});
