import Holidays from 'date-holidays';
import { addCalendarDays, calendarDateParts, dayOfWeek, parseCalendarDate, type CalendarDate } from '../dates/calendar-date.ts';

/**
 * Working days in England: not a Saturday, not a Sunday, not an England and
 * Wales bank holiday. Bank holidays come from the maintained `date-holidays`
 * package (GB, state ENG) rather than a hand-kept list, so substitute days and
 * one-off holidays (a state funeral, a coronation) arrive with package updates.
 * In date-holidays GB-ENG data the bank holidays are exactly the type 'public'
 * entries; 'observance' entries (Mother's Day, Easter Sunday…) are not days off.
 */
export interface WorkingDayCalendar {
  isWorkingDay(date: CalendarDate): boolean;
  /** A bank holiday from the source or the configured extras, less the configured exclusions. */
  isBankHoliday(date: CalendarDate): boolean;
  /**
   * The last of `count` working days "beginning with" `start`: `start` is day 1
   * when it is a working day; otherwise day 1 is the next working day.
   */
  addWorkingDaysBeginningWith(start: CalendarDate, count: number): CalendarDate;
}

export interface WorkingDayCalendarOptions {
  /** Extra non-working dates, e.g. a newly announced bank holiday the package does not know yet. */
  extraHolidays?: readonly CalendarDate[];
  /** Dates the package lists as bank holidays that must count as working days (a correction, should it be wrong). */
  excludedHolidays?: readonly CalendarDate[];
}

const SATURDAY = 6;
const SUNDAY = 0;

export function createWorkingDayCalendar(options: WorkingDayCalendarOptions = {}): WorkingDayCalendar {
  const extra = new Set<string>(options.extraHolidays ?? []);
  const excluded = new Set<string>(options.excludedHolidays ?? []);
  // Built on first use: loading the country data is the expensive part.
  let source: Holidays | undefined;
  const holidaysByYear = new Map<number, ReadonlySet<string>>();

  function sourceHolidaysIn(year: number): ReadonlySet<string> {
    let dates = holidaysByYear.get(year);
    if (dates === undefined) {
      source ??= new Holidays('GB', 'ENG');
      const found = new Set<string>();
      for (const holiday of source.getHolidays(year)) {
        if (holiday.type !== 'public') continue;
        // `date` is the local (Europe/London) date, 'YYYY-MM-DD hh:mm:ss'; `start`
        // is an instant and would shift a day in BST if read as UTC.
        const date = parseCalendarDate(holiday.date.slice(0, 10));
        if (date !== undefined) found.add(date);
      }
      dates = found;
      holidaysByYear.set(year, dates);
    }
    return dates;
  }

  function isBankHoliday(date: CalendarDate): boolean {
    if (excluded.has(date)) return false;
    return extra.has(date) || sourceHolidaysIn(calendarDateParts(date).year).has(date);
  }

  function isWorkingDay(date: CalendarDate): boolean {
    const weekday = dayOfWeek(date);
    return weekday !== SATURDAY && weekday !== SUNDAY && !isBankHoliday(date);
  }

  function addWorkingDaysBeginningWith(start: CalendarDate, count: number): CalendarDate {
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError(`A period of working days needs a whole number of at least 1, got ${count}`);
    }
    let date = start;
    let counted = isWorkingDay(date) ? 1 : 0;
    while (counted < count) {
      date = addCalendarDays(date, 1);
      if (isWorkingDay(date)) counted += 1;
    }
    return date;
  }

  return { isWorkingDay, isBankHoliday, addWorkingDaysBeginningWith };
}
