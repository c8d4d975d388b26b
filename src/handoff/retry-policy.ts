/**
 * What happens after a delivery attempt: pure rules, tested with tables.
 *
 * Only a 2xx response is a delivery. A 410 means the consumer has retired the
 * endpoint: delivery to it stops (and an operator is alerted) rather than
 * hammering it for three days. Anything else is retried on a schedule that
 * spans about three days, after which the event is marked failed.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The wait after the 1st, 2nd, … failed attempt of a round: 10 attempts over about 3 days 3 hours. */
export const RETRY_DELAYS_MS: readonly number[] = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 14 * HOUR, 20 * HOUR, 24 * HOUR];

/** Attempts in one round: the first try and one per scheduled retry. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** A consumer's Retry-After is honoured up to this; beyond it the schedule applies. */
export const MAX_RETRY_AFTER_MS = 24 * HOUR;

/** Each wait is spread by this fraction either way, so a backlog does not retry in lockstep. */
export const JITTER = 0.1;

/** Statuses whose Retry-After header is honoured. */
const RETRY_AFTER_STATUSES = new Set([429, 502, 503, 504]);

export type AttemptOutcome = { kind: 'response'; status: number; retryAfter?: string | null } | { kind: 'error'; error: string };

export type Decision = { kind: 'delivered' } | { kind: 'retry'; at: Date } | { kind: 'failed' } | { kind: 'endpoint-gone' };

export interface DecideInput {
  outcome: AttemptOutcome;
  /** Attempts in this round, counting the one just made. */
  attempt: number;
  now: Date;
  /** A number in [0, 1), like Math.random. */
  random: () => number;
}

export function decide({ outcome, attempt, now, random }: DecideInput): Decision {
  if (outcome.kind === 'response') {
    if (outcome.status >= 200 && outcome.status < 300) return { kind: 'delivered' };
    if (outcome.status === 410) return { kind: 'endpoint-gone' };
  }
  const scheduled = RETRY_DELAYS_MS[attempt - 1];
  if (scheduled === undefined) return { kind: 'failed' };
  let wait = withJitter(scheduled, random);
  if (outcome.kind === 'response' && RETRY_AFTER_STATUSES.has(outcome.status)) {
    // Never sooner than the consumer asked; never sooner than the schedule,
    // so that a busy consumer cannot use up the three days in minutes.
    const asked = parseRetryAfter(outcome.retryAfter, now);
    if (asked !== undefined) wait = Math.max(wait, Math.min(asked, MAX_RETRY_AFTER_MS));
  }
  return { kind: 'retry', at: new Date(now.getTime() + wait) };
}

export function withJitter(ms: number, random: () => number): number {
  return Math.round(ms * (1 - JITTER + 2 * JITTER * random()));
}

/**
 * Retry-After as delay-seconds or an HTTP date, in milliseconds from now;
 * undefined when absent or unreadable. A date in the past means "now".
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * SECOND;
  // HTTP dates always name the day of the week and GMT; a bare number or
  // some other text is not one, whatever Date.parse makes of it.
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
