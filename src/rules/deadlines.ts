import { z } from 'zod';
import { addCalendarDays, compareDates, daysBetween, type CalendarDate } from '../dates/calendar-date.ts';
import type { WorkingDayCalendar } from './working-days.ts';

export const routes = ['fostering', 'adoption', 'adoption-information'] as const;
export const routeSchema = z.enum(routes);
export type Route = z.infer<typeof routeSchema>;

interface RuleCommon {
  days: number;
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
 * guidance is one edit here. Every route counts from the date the agency sent
 * its letter, which the applicant gives as the date on the letter.
 *
 * - fostering: Fostering Services (England) Regulations 2011 (SI 2011/581)
 *   regs 27 and 28: an application to the IRM "within 28 days" of the
 *   qualifying determination notice (GOV.UK: "within 28 calendar days of your
 *   foster service provider's qualifying determination letter"). Whether the
 *   letter date itself is day 1 is unverified, so it is a flag; by default it
 *   is not, and the last day is letter date + 28 days (the more generous
 *   reading).
 * - adoption: Adoption Agencies Regulations 2005 (SI 2005/389) reg 30B(5)(c):
 *   "within 40 working days beginning with the date on which the notification
 *   was sent": the sending date is day 1 when it is a working day.
 * - adoption-information: Disclosure of Adoption Information
 *   (Post-Commencement Adoptions) Regulations 2005 (SI 2005/888) reg 15(2)(b):
 *   the notification must tell the person they may apply for a review within
 *   40 working days. Its exact start words could not be read here (a stored
 *   copy stops before them; GOV.UK says "within 40 working days of receiving"
 *   the letter, older guidance "from the date of the letter"). Counted like
 *   reg 30B(5)(c) of the regulations made with it: beginning with the date the
 *   letter was sent. That is the earlier reading, so nobody is told they are
 *   on time when they may not be; a later application is still accepted,
 *   flagged late, for the IRM to decide. Check reg 15(2)(b) before go-live.
 */
export const deadlineRules = {
  fostering: { kind: 'calendar-days', days: 28, startDateIsDayOne: false },
  adoption: { kind: 'working-days', days: 40, startDateIsDayOne: true },
  'adoption-information': { kind: 'working-days', days: 40, startDateIsDayOne: true },
} as const satisfies DeadlineRules;

export interface DeadlineInput {
  route: Route;
  /** The date on (or the sending date of) the qualifying determination letter. */
  letterDate: CalendarDate;
  /** Today in Europe/London (see todayInLondon). */
  today: CalendarDate;
  calendar: WorkingDayCalendar;
  /** Override the defaults, e.g. from configuration or in tests. */
  rules?: DeadlineRules | undefined;
}

export interface Deadline {
  /** The date the period was counted from: the date the letter was sent. */
  startDate: CalendarDate;
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

  const startDate = input.letterDate;
  const lastDay = lastDayOf(rule, startDate, input.calendar);
  return {
    startDate,
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
