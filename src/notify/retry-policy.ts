import { RETRY_DELAYS_MS, withJitter } from '../handoff/retry-policy.ts';
import type { SendResult } from './transport.ts';

/**
 * What happens after an attempt to send an email: pure rules.
 *
 * Notify answers 201 when it has the email. A 429 (rate or daily limit) or a
 * 5xx, and no answer at all (network, timeout), are retried on the webhook's
 * schedule (about three days, with jitter). Any other refusal (400: a bad
 * template id, personalisation or address; 403: a bad or revoked key) will
 * not get better by itself: the email fails at once, and an operator is told.
 */

export type EmailDecision = { kind: 'delivered' } | { kind: 'retry'; at: Date } | { kind: 'failed' };

export const isRetryableStatus = (status: number): boolean => status === 429 || status >= 500;

export function decideEmail(result: SendResult, attempt: number, now: Date, random: () => number): EmailDecision {
  if (result.kind === 'sent') return { kind: 'delivered' };
  if (result.kind === 'refused' && !isRetryableStatus(result.status)) return { kind: 'failed' };
  const scheduled = RETRY_DELAYS_MS[attempt - 1];
  if (scheduled === undefined) return { kind: 'failed' };
  return { kind: 'retry', at: new Date(now.getTime() + withJitter(scheduled, random)) };
}
