import { describe, expect, it } from 'vitest';
import { daysBefore, recordRetentionCutOffs } from '../../src/rules/record-retention.ts';

const NOW = new Date('2027-06-01T09:00:00Z');

describe('recordRetentionCutOffs', () => {
  it('is each period counted back from now, in whole days of 24 hours (across the clocks changing too)', () => {
    expect(recordRetentionCutOffs(NOW, { applicationDays: 30, deliveryLogDays: 90 })).toEqual({
      applications: new Date('2027-05-02T09:00:00Z'),
      deliveryLogs: new Date('2027-03-03T09:00:00Z'),
    });
    // British Summer Time began on 28 March 2027: still 24-hour days, in UTC.
    expect(daysBefore(new Date('2027-04-01T12:00:00Z'), 7)).toEqual(new Date('2027-03-25T12:00:00Z'));
  });
});
