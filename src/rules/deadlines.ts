import { z } from 'zod';
import { addCalendarDays, compareDates, daysBetween, earlierOf, type CalendarDate } from '../dates/calendar-date.ts';
import type { WorkingDayCalendar } from './working-days.ts';

export const routes = ['fostering', 'adoption', 'adoption-information'] as const;
export const routeSchema = z.enum(routes);
export type Route = z.infer<typeof routeSchema>;

/** Which date the clock starts from. */
export type CountFrom = 'letter-date' | 'earlier-of-letter-and-received';

interface RuleCommon {
  days: number;
  countFrom: CountFrom;
  /**
   * true: the start date is day 1 ("beginning with"), so the last day is
   * start + (days − 1). false: day 1 is the day after ("within N days of").
   * For working days, a start date that is not a working day is never day 1.
   */
  startDateIsDayOne: boolean;
}
export interface CalendarDaysRule extends RuleCommon {
  kind: 'calendar-days';
}
export interface WorkingDaysRule extends RuleCommon {
  kind: 'working-days';
}
export type DeadlineRule = CalendarDaysRule | WorkingDaysRule;
export type DeadlineRules = Readonly<Record<Route, DeadlineRule>>;

/**
 * The time limits for applying, in one place so a change in the law or the
 * guidance is one edit here.
 *
 * - fostering: "within 28 days" of the qualifying determination letter
 *   (Fostering Services (England) Regulations 2011). Whether the letter date
 *   itself is day 1 is unverified, so it is a flag; by default it is not, and
 *   the last day is letter date + 28 days (the more generous reading).
 * - adoption: "40 working days beginning with the date on which the
 *   notification was sent" (Adoption Agencies Regulations 2005 as amended):
 *   the sending date is day 1 when it is a working day.
 * - adoption-information: current guidance counts 40 working days from
 *   receiving the letter, older guidance from the date of the letter. Both
 *   dates are asked for and the earlier one is used, so nobody is told they
 *   are on time when, on either reading, they may not be. "Beginning with" is
 *   assumed, as for adoption (unverified).
 */
export const deadlineRules = {
  fostering: { kind: 'calendar-days', days: 28, countFrom: 'letter-date', startDateIsDayOne: false },
  adoption: { kind: 'working-days', days: 40, countFrom: 'letter-date', startDateIsDayOne: true },
  'adoption-information': {
    kind: 'working-days',
    days: 40,
    countFrom: 'earlier-of-letter-and-received',
    startDateIsDayOne: true,
  },
} as const satisfies DeadlineRules;

export interface DeadlineInput {
  route: Route;
  /** The date on (or the sending date of) the qualifying determination letter. */
  letterDate: CalendarDate;
  /** When the applicant received the letter; only used by rules that count from it. */
  receivedDate?: CalendarDate | undefined;
  /** Today in Europe/London (see todayInLondon). */
  today: CalendarDate;
  calendar: WorkingDayCalendar;
  /** Override the defaults, e.g. from configuration or in tests. */
  rules?: DeadlineRules | undefined;
}

export interface Deadline {
  /** The date the period was counted from. */
  startDate: CalendarDate;
  startDateIs: 'letter-date' | 'received-date';
  /** The last day on which an application is on time. */
  lastDay: CalendarDate;
  /** Applying on the last day is on time; from the day after it is late. */
  late: boolean;
  /** Calendar days from today to the last day: 0 on the last day, negative when late. */
  daysLeft: number;
  rule: DeadlineRule['kind'];
  days: number;
}

export function computeDeadline(input: DeadlineInput): Deadline {
  const rule = (input.rules ?? deadlineRules)[input.route];

  let startDate = input.letterDate;
  let startDateIs: Deadline['startDateIs'] = 'letter-date';
  if (rule.countFrom === 'earlier-of-letter-and-received' && input.receivedDate !== undefined) {
    startDate = earlierOf(input.letterDate, input.receivedDate);
    if (startDate !== input.letterDate) startDateIs = 'received-date';
  }

  const lastDay = lastDayOf(rule, startDate, input.calendar);
  return {
    startDate,
    startDateIs,
    lastDay,
    late: compareDates(input.today, lastDay) > 0,
    daysLeft: daysBetween(input.today, lastDay),
    rule: rule.kind,
    days: rule.days,
  };
}

function lastDayOf(rule: DeadlineRule, startDate: CalendarDate, calendar: WorkingDayCalendar): CalendarDate {
  const firstCounted = rule.startDateIsDayOne ? startDate : addCalendarDays(startDate, 1);
  switch (rule.kind) {
    case 'calendar-days':
      return addCalendarDays(firstCounted, rule.days - 1);
    case 'working-days':
      return calendar.addWorkingDaysBeginningWith(firstCounted, rule.days);
  }
}

/**
 * For the letter-date question (and the received-date one): a date after today
 * is a validation error. A received date earlier than the letter date is
 * allowed: the date printed on a letter can be wrong, and the earlier date is
 * the one the clock then runs from.
 */
export function checkLetterDate(letterDate: CalendarDate, today: CalendarDate): 'future' | 'ok' {
  return compareDates(letterDate, today) > 0 ? 'future' : 'ok';
}
