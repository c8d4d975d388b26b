import { describe, expect, it } from 'vitest';
import { draftDeletionDate, draftDeletionTime, isPastRetention, retentionCutOff } from '../../src/rules/draft-retention.ts';

const DAY = 24 * 60 * 60 * 1000;

describe('draft retention', () => {
  const changed = new Date('2026-11-22T12:00:00Z');

  it('is due the retention period after the last change, to the millisecond', () => {
    expect(draftDeletionTime(changed, 28)).toEqual(new Date('2026-12-20T12:00:00Z'));
    expect(isPastRetention(changed, new Date(changed.getTime() + 28 * DAY - 1), 28)).toBe(false);
    expect(isPastRetention(changed, new Date(changed.getTime() + 28 * DAY), 28)).toBe(true);
    expect(retentionCutOff(new Date('2026-12-20T12:00:00Z'), 28)).toEqual(changed);
  });

  it.each([
    // Late in the evening in winter: London is on GMT.
    ['2026-11-22T23:30:00Z', 28, '2026-12-20'],
    // Late in the evening in summer: London is an hour ahead, so it is already the next day there.
    ['2026-06-01T23:30:00Z', 28, '2026-06-30'],
    // Across the clocks going back (25 October 2026): still 7 whole days.
    ['2026-10-20T09:00:00Z', 7, '2026-10-27'],
  ] as const)('says the day in London: last changed %s, kept %i days → %s', (at, days, day) => {
    expect(draftDeletionDate(new Date(at), days)).toBe(day);
  });
});
