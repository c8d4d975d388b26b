import { describe, it, expect } from 'vitest';
import { parseCalendarDate, todayInLondon, type CalendarDate } from '../../src/dates/calendar-date.ts';
import { computeDeadline, deadlineRules, routeSchema, type DeadlineRules } from '../../src/rules/deadlines.ts';
import { createWorkingDayCalendar } from '../../src/rules/working-days.ts';

function date(s: string): CalendarDate {
  const parsed = parseCalendarDate(s);
  if (parsed === undefined) throw new Error(`bad test date ${s}`);
  return parsed;
}

const calendar = createWorkingDayCalendar();
const longAgo = date('2000-01-01');

describe('fostering: 28 calendar days after the letter date', () => {
  it.each([
    ['2025-01-03', '2025-01-31'],
    ['2025-12-10', '2026-01-07'],
    ['2025-12-31', '2026-01-28'],
    ['2024-02-01', '2024-02-29'],
    ['2025-02-01', '2025-03-01'],
    ['2028-02-10', '2028-03-09'],
    ['2024-12-25', '2025-01-22'],
    ['2025-01-04', '2025-02-01'],
    ['2026-03-20', '2026-04-17'],
  ])('letter %s → last day %s', (letter, lastDay) => {
    const deadline = computeDeadline({ route: 'fostering', letterDate: date(letter), today: date(letter), calendar });
    expect(deadline).toMatchObject({ startDate: letter, lastDay, rule: 'calendar-days', days: 28, late: false });
  });

  it('counts the letter date as day 1 when the flag says so', () => {
    const rules: DeadlineRules = {
      ...deadlineRules,
      fostering: { ...deadlineRules.fostering, startDateIsDayOne: true },
    };
    const deadline = computeDeadline({ route: 'fostering', letterDate: date('2025-01-03'), today: longAgo, calendar, rules });
    expect(deadline.lastDay).toBe('2025-01-30');
  });
});

describe('adoption: 40 working days beginning with the date sent', () => {
  it.each([
    ['2025-01-03', '2025-02-27', 'worked example: Fri 3 Jan 2025'],
    ['2025-12-01', '2026-01-28', 'worked example: Mon 1 Dec 2025, Christmas and New Year skipped'],
    ['2025-01-04', '2025-02-28', 'sent on a Saturday: day 1 is Monday'],
    ['2025-04-18', '2025-06-18', 'sent on Good Friday: day 1 is the Tuesday after Easter'],
    ['2021-12-01', '2022-01-28', 'Christmas 2021 with substitute days'],
    ['2022-08-22', '2022-10-18', 'over the 2022 state funeral'],
    ['2028-02-01', '2028-03-27', 'leap year 2028'],
  ])('letter %s → last day %s (%s)', (letter, lastDay) => {
    const deadline = computeDeadline({ route: 'adoption', letterDate: date(letter), today: date(letter), calendar });
    expect(deadline).toMatchObject({ startDate: letter, lastDay, rule: 'working-days', days: 40 });
  });

  it('an extra configured holiday moves the last day', () => {
    const withExtra = createWorkingDayCalendar({ extraHolidays: [date('2025-02-14')] });
    const deadline = computeDeadline({ route: 'adoption', letterDate: date('2025-01-03'), today: longAgo, calendar: withExtra });
    expect(deadline.lastDay).toBe('2025-02-28');
  });

  it('takes its period from the rules it is given', () => {
    const rules: DeadlineRules = { ...deadlineRules, adoption: { ...deadlineRules.adoption, days: 10 } };
    const deadline = computeDeadline({ route: 'adoption', letterDate: date('2025-01-03'), today: longAgo, calendar, rules });
    expect(deadline).toMatchObject({ lastDay: '2025-01-16', days: 10 });
  });
});

describe('adoption information: 40 working days beginning with the date the letter was sent (SI 2005/888 reg 15(2)(b))', () => {
  it.each([
    ['2025-01-03', '2025-02-27', 'the adoption worked example: the same rule'],
    ['2025-12-01', '2026-01-28', 'Christmas and New Year skipped'],
    ['2025-01-04', '2025-02-28', 'sent on a Saturday: day 1 is Monday'],
  ])('letter %s → last day %s (%s)', (letter, lastDay) => {
    const deadline = computeDeadline({ route: 'adoption-information', letterDate: date(letter), today: longAgo, calendar });
    expect(deadline).toMatchObject({ startDate: letter, lastDay, rule: 'working-days', days: 40 });
  });
});

describe('late or on time', () => {
  it.each([
    // Applying on the last day is on time.
    ['adoption', '2025-01-03', '2025-02-27', false, 0],
    ['adoption', '2025-01-03', '2025-02-28', true, -1],
    ['adoption', '2025-01-03', '2025-02-26', false, 1],
    ['adoption', '2025-01-03', '2025-01-03', false, 55],
    ['adoption', '2025-01-03', '2026-01-03', true, -310],
    ['fostering', '2025-01-03', '2025-01-31', false, 0],
    ['fostering', '2025-01-03', '2025-02-01', true, -1],
    ['fostering', '2025-01-03', '2025-01-03', false, 28],
    ['adoption-information', '2025-12-01', '2026-01-28', false, 0],
    ['adoption-information', '2025-12-01', '2026-01-29', true, -1],
  ] as const)('%s, letter %s, today %s → late %s, %i days left', (route, letter, today, late, daysLeft) => {
    const deadline = computeDeadline({ route, letterDate: date(letter), today: date(today), calendar });
    expect(deadline.late).toBe(late);
    expect(deadline.daysLeft).toBe(daysLeft);
  });

  it('a letter dated today is on time, with its last day worked out', () => {
    const today = todayInLondon(new Date('2026-10-24T23:30:00Z'));
    const deadline = computeDeadline({ route: 'fostering', letterDate: today, today, calendar });
    expect(deadline).toMatchObject({ startDate: '2026-10-25', lastDay: '2026-11-22', late: false, daysLeft: 28 });
  });
});

describe('routes', () => {
  it('has a rule for every route', () => {
    for (const route of routeSchema.options) {
      expect(deadlineRules[route].days).toBeGreaterThan(0);
    }
    expect(routeSchema.safeParse('fostering').success).toBe(true);
    expect(routeSchema.safeParse('kinship').success).toBe(false);
  });
});
