import { describe, expect, it } from 'vitest';
import { parseCalendarDate, type CalendarDate } from '../../src/dates/calendar-date.ts';
import { agencyLinkExpiry, agencyResponseDueDate, startOfLondonDay } from '../../src/rules/agency-response-due.ts';
import { createWorkingDayCalendar } from '../../src/rules/working-days.ts';

const day = (value: string): CalendarDate => {
  const date = parseCalendarDate(value);
  if (!date) throw new Error(`not a date: ${value}`);
  return date;
};

describe('the agency’s 10 working days', () => {
  const calendar = createWorkingDayCalendar();

  it.each([
    ['a Sunday: day 1 is the Monday', '2026-11-22', '2026-12-04'],
    ['a Monday: the day itself is not counted', '2026-11-23', '2026-12-07'],
    ['a Friday: the weekend is not counted', '2026-11-27', '2026-12-11'],
    ['before Christmas: Christmas Day, the Boxing Day substitute and New Year’s Day are not counted', '2026-12-18', '2027-01-06'],
    ['before Easter: Good Friday and Easter Monday are not counted', '2027-03-22', '2027-04-07'],
  ])('notified on %s', (_when, notified, due) => {
    expect(agencyResponseDueDate(day(notified), calendar)).toBe(due);
  });

  it('leaves out the configured extra bank holidays too', () => {
    const withExtra = createWorkingDayCalendar({ extraHolidays: [day('2026-12-01')] });
    expect(agencyResponseDueDate(day('2026-11-22'), withExtra)).toBe('2026-12-07');
  });
});

describe('the start of a London day', () => {
  it.each([
    ['in winter (GMT)', '2026-12-01', '2026-12-01T00:00:00.000Z'],
    ['in summer (BST)', '2026-07-01', '2026-06-30T23:00:00.000Z'],
    ['the day the clocks go forward (midnight is still GMT)', '2026-03-29', '2026-03-29T00:00:00.000Z'],
    ['the day after they go forward', '2026-03-30', '2026-03-29T23:00:00.000Z'],
    ['the day the clocks go back (midnight is still BST)', '2026-10-25', '2026-10-24T23:00:00.000Z'],
    ['the day after they go back', '2026-10-26', '2026-10-26T00:00:00.000Z'],
  ])('%s', (_when, date, instant) => {
    expect(startOfLondonDay(day(date)).toISOString()).toBe(instant);
  });
});

describe('the link’s expiry', () => {
  it('is the end of the due date plus the grace days, London time', () => {
    expect(agencyLinkExpiry(day('2026-12-04'), 10).toISOString()).toBe('2026-12-15T00:00:00.000Z');
    expect(agencyLinkExpiry(day('2026-12-04'), 0).toISOString()).toBe('2026-12-05T00:00:00.000Z');
    expect(agencyLinkExpiry(day('2026-06-10'), 1).toISOString()).toBe('2026-06-11T23:00:00.000Z');
  });

  it('refuses a grace period that is not a whole number of days', () => {
    expect(() => agencyLinkExpiry(day('2026-12-04'), -1)).toThrow(RangeError);
    expect(() => agencyLinkExpiry(day('2026-12-04'), 1.5)).toThrow(RangeError);
  });
});
