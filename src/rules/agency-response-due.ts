import { addCalendarDays, todayInLondon, type CalendarDate } from '../dates/calendar-date.ts';
import type { WorkingDayCalendar } from './working-days.ts';

/**
 * When the agency must respond by, and how long its link works. Pure: the
 * calendar (England and Wales bank holidays, with any configured extras) is
 * the same one the applicant's time limits use.
 */

/** The agency has 10 working days to confirm the decision, name a liaison officer and send its papers (see DOMAIN.md). */
export const AGENCY_RESPONSE_WORKING_DAYS = 10;

/**
 * The last day for the agency's response: the 10th working day after the day
 * it was notified. The day of the notification itself is not counted (it may
 * arrive at the end of it); day 1 is the next working day.
 */
export function agencyResponseDueDate(notifiedOn: CalendarDate, calendar: WorkingDayCalendar): CalendarDate {
  return calendar.addWorkingDaysBeginningWith(addCalendarDays(notifiedOn, 1), AGENCY_RESPONSE_WORKING_DAYS);
}

const HOUR_MS = 3_600_000;

/** The instant a day begins on a London wall calendar: midnight GMT in winter, midnight BST (23:00 UTC the day before) in summer. */
export function startOfLondonDay(date: CalendarDate): Date {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const utcMidnight = Date.UTC(year, month - 1, day);
  // In BST, an hour before UTC midnight is already this date in London; in GMT it is still the day before.
  const bstMidnight = new Date(utcMidnight - HOUR_MS);
  return todayInLondon(bstMidnight) === date ? bstMidnight : new Date(utcMidnight);
}

/** When the agency's link stops working: at the end of the due date plus `graceDays` calendar days, London time. */
export function agencyLinkExpiry(dueDate: CalendarDate, graceDays: number): Date {
  if (!Number.isInteger(graceDays) || graceDays < 0) throw new RangeError(`Grace days must be a whole number of at least 0, got ${graceDays}`);
  return startOfLondonDay(addCalendarDays(dueDate, graceDays + 1));
}
