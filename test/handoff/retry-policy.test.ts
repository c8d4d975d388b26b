import { describe, expect, it } from 'vitest';
import { decide, MAX_ATTEMPTS, MAX_RETRY_AFTER_MS, parseRetryAfter, RETRY_DELAYS_MS, withJitter, type AttemptOutcome } from '../../src/handoff/retry-policy.ts';
import { DAY, HOUR, MINUTE, SECOND } from './clock.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const middle = () => 0.5;
const after = (ms: number) => new Date(NOW.getTime() + ms);
const response = (status: number, retryAfter?: string): AttemptOutcome => ({ kind: 'response', status, retryAfter });

describe('decide', () => {
  it.each([200, 201, 202, 204, 299])('counts %i as delivered', (status) => {
    expect(decide({ outcome: response(status), attempt: 1, now: NOW, random: middle })).toEqual({ kind: 'delivered' });
  });

  it.each([100, 301, 302, 304, 307, 400, 401, 404, 409, 500, 501])('retries after %i, which is not a delivery', (status) => {
    expect(decide({ outcome: response(status), attempt: 1, now: NOW, random: middle })).toEqual({ kind: 'retry', at: after(5 * SECOND) });
  });

  it('stops delivery to the endpoint on 410 Gone, whatever the attempt', () => {
    expect(decide({ outcome: response(410), attempt: 1, now: NOW, random: middle })).toEqual({ kind: 'endpoint-gone' });
    expect(decide({ outcome: response(410), attempt: MAX_ATTEMPTS, now: NOW, random: middle })).toEqual({ kind: 'endpoint-gone' });
  });

  it('retries network errors and timeouts on the schedule', () => {
    expect(decide({ outcome: { kind: 'error', error: 'ECONNREFUSED' }, attempt: 3, now: NOW, random: middle })).toEqual({
      kind: 'retry',
      at: after(30 * MINUTE),
    });
  });

  it('follows the schedule 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h, then fails: about three days', () => {
    const waits = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const decision = decide({ outcome: response(503), attempt, now: NOW, random: middle });
      waits.push(decision.kind === 'retry' ? decision.at.getTime() - NOW.getTime() : decision.kind);
    }
    expect(waits).toEqual([5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 14 * HOUR, 20 * HOUR, 24 * HOUR, 'failed']);
    const total = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(3 * DAY);
    expect(total).toBeLessThan(3.5 * DAY);
  });

  it('spreads each wait by up to 10% either way', () => {
    expect(withJitter(10 * HOUR, () => 0)).toBe(9 * HOUR);
    expect(withJitter(10 * HOUR, () => 0.999999)).toBeCloseTo(11 * HOUR, -2);
    expect(withJitter(10 * HOUR, middle)).toBe(10 * HOUR);
  });

  it.each([429, 502, 503, 504])('waits for a longer Retry-After on %i', (status) => {
    expect(decide({ outcome: response(status, '120'), attempt: 1, now: NOW, random: middle })).toEqual({ kind: 'retry', at: after(2 * MINUTE) });
  });

  it('never retries sooner than the schedule, even when Retry-After asks for less', () => {
    expect(decide({ outcome: response(429, '0'), attempt: 2, now: NOW, random: middle })).toEqual({ kind: 'retry', at: after(5 * MINUTE) });
  });

  it('caps a Retry-After at a day', () => {
    expect(decide({ outcome: response(503, String(30 * 24 * 3600)), attempt: 1, now: NOW, random: middle })).toEqual({
      kind: 'retry',
      at: after(MAX_RETRY_AFTER_MS),
    });
  });

  it('ignores Retry-After on statuses that do not carry it meaningfully', () => {
    expect(decide({ outcome: response(500, '3600'), attempt: 1, now: NOW, random: middle })).toEqual({ kind: 'retry', at: after(5 * SECOND) });
  });

  it('still fails after the last attempt, whatever Retry-After says', () => {
    expect(decide({ outcome: response(429, '60'), attempt: MAX_ATTEMPTS, now: NOW, random: middle })).toEqual({ kind: 'failed' });
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['120', 120 * SECOND],
    [' 5 ', 5 * SECOND],
    ['Sun, 22 Nov 2026 13:00:00 GMT', HOUR],
    ['Sun, 22 Nov 2026 11:00:00 GMT', 0],
    [null, undefined],
    [undefined, undefined],
    ['', undefined],
    ['-5', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['2026-11-22T13:00:00Z', undefined],
  ])('reads %j as %j ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});
