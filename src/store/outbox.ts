import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database, Queryable } from './database.ts';
import { isId } from './drafts.ts';

/**
 * The transactional outbox: events written in the same transaction as what
 * they announce, claimed by delivery workers under a lease, with every
 * attempt recorded. All times come from the caller's clock, never the
 * database's, so that tests can move time on and several workers agree.
 */

export const EVENT_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const ATTEMPT_OUTCOMES = ['delivered', 'retry', 'failed', 'endpoint-gone'] as const;
export type AttemptOutcomeName = (typeof ATTEMPT_OUTCOMES)[number];

const eventRowSchema = z
  .object({
    id: z.string(),
    webhook_id: z.string(),
    type: z.string(),
    application_id: z.string(),
    agency_response_id: z.string().nullable(),
    status: z.enum(EVENT_STATUSES),
    created_at: z.date(),
    next_attempt_at: z.date(),
    attempts: z.number(),
    round_attempts: z.number(),
    lease_expires_at: z.date().nullable(),
    delivered_at: z.date().nullable(),
    failed_at: z.date().nullable(),
    last_error: z.string().nullable(),
  })
  .transform((row) => ({
    id: row.id,
    webhookId: row.webhook_id,
    type: row.type,
    applicationId: row.application_id,
    /** For an agency_response.submitted event: the response it announces. */
    agencyResponseId: row.agency_response_id,
    status: row.status,
    createdAt: row.created_at,
    nextAttemptAt: row.next_attempt_at,
    attempts: row.attempts,
    roundAttempts: row.round_attempts,
    leaseExpiresAt: row.lease_expires_at,
    deliveredAt: row.delivered_at,
    failedAt: row.failed_at,
    lastError: row.last_error,
  }));
export type OutboxEvent = z.infer<typeof eventRowSchema>;

const EVENT_COLUMNS =
  'id, webhook_id, type, application_id, agency_response_id, status, created_at, next_attempt_at, attempts, round_attempts, lease_expires_at, delivered_at, failed_at, last_error';

const attemptRowSchema = z
  .object({
    id: z.string(),
    event_id: z.string(),
    attempt: z.number(),
    worker: z.string(),
    endpoint: z.string(),
    started_at: z.date(),
    finished_at: z.date().nullable(),
    duration_ms: z.number().nullable(),
    status_code: z.number().nullable(),
    outcome: z.string().nullable(),
    error: z.string().nullable(),
    response_body: z.string().nullable(),
  })
  .transform((row) => ({
    id: row.id,
    eventId: row.event_id,
    attempt: row.attempt,
    worker: row.worker,
    endpoint: row.endpoint,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms,
    statusCode: row.status_code,
    outcome: row.outcome,
    error: row.error,
    responseBody: row.response_body,
  }));
export type DeliveryAttempt = z.infer<typeof attemptRowSchema>;

const ATTEMPT_COLUMNS = 'id, event_id, attempt, worker, endpoint, started_at, finished_at, duration_ms, status_code, outcome, error, response_body';

/** An event a worker holds a lease on, and the attempt it is about to make. */
export interface ClaimedEvent {
  eventId: string;
  webhookId: string;
  type: string;
  applicationId: string;
  /** For an agency_response.submitted event: the response it announces. */
  agencyResponseId: string | null;
  /** Also the lease token: only this attempt may settle the event while the lease holds. */
  attemptId: string;
  /** This attempt's number within the current round (1 = first try). */
  roundAttempt: number;
  leaseExpiresAt: Date;
}

const claimedRowSchema = z
  .object({
    id: z.string(),
    webhook_id: z.string(),
    type: z.string(),
    application_id: z.string(),
    agency_response_id: z.string().nullable(),
    lease_token: z.string(),
    round_attempts: z.number(),
    lease_expires_at: z.date(),
  })
  .transform((row): ClaimedEvent => ({
    eventId: row.id,
    webhookId: row.webhook_id,
    type: row.type,
    applicationId: row.application_id,
    agencyResponseId: row.agency_response_id,
    attemptId: row.lease_token,
    roundAttempt: row.round_attempts,
    leaseExpiresAt: row.lease_expires_at,
  }));

export interface EnqueueInput {
  type: string;
  applicationId: string;
  /** For an agency_response.submitted event: the response it announces. */
  agencyResponseId?: string;
  now: Date;
}

/** Writes an event with `tx`, inside the caller's transaction. */
export async function enqueueEvent(tx: Queryable, input: EnqueueInput): Promise<OutboxEvent> {
  const [row] = await tx.query(
    `INSERT INTO outbox_events (webhook_id, type, application_id, agency_response_id, created_at, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, $5)
     RETURNING ${EVENT_COLUMNS}`,
    [newWebhookId(), input.type, input.applicationId, input.agencyResponseId ?? null, input.now.toISOString()],
  );
  return eventRowSchema.parse(row);
}

/** `msg_` and 32 hex digits: unique, and recognisable in a consumer's logs. */
export function newWebhookId(): string {
  return `msg_${randomUUID().replaceAll('-', '')}`;
}

/** Wakes delivery workers in other processes when the transaction that enqueued commits. */
export const OUTBOX_CHANNEL = 'irm_outbox';

export async function notifyWorkers(tx: Queryable): Promise<void> {
  // NOTIFY is transactional: listeners hear it only if, and when, tx commits.
  await tx.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
}

export interface ClaimInput {
  worker: string;
  /** The endpoint the attempts will go to; nothing is claimed while it is disabled. */
  endpoint: string;
  now: Date;
  limit: number;
  leaseMs: number;
}

export interface SettleInput {
  claimed: ClaimedEvent;
  now: Date;
  outcome: AttemptOutcomeName;
  /** For a retry: when the next attempt may start. */
  retryAt?: Date;
  statusCode?: number;
  durationMs: number;
  error?: string;
  responseBody?: string;
  /** For endpoint-gone: the endpoint that answered 410. */
  endpoint?: string;
}

export interface SettleResult {
  /** false when the lease had run out and another attempt now holds the event: its state was left alone. */
  settled: boolean;
}

export type RedeliverResult = 'queued' | 'in-flight' | 'not-found';

export interface EndpointState {
  url: string;
  disabledAt: Date | null;
  disabledReason: string | null;
}

export interface ListInput {
  status?: EventStatus;
  limit?: number;
}

export interface Outbox {
  /**
   * Leases up to `limit` due events to `worker` and records the start of an
   * attempt for each, in one statement. `FOR UPDATE SKIP LOCKED` means two
   * workers claiming at the same moment take different rows rather than
   * waiting for each other; the lease keeps a claimed row from being claimed
   * again until it expires, which is how a dead worker's rows come back.
   */
  claim(input: ClaimInput): Promise<ClaimedEvent[]>;
  /** Records how an attempt ended and moves the event on. */
  settle(input: SettleInput): Promise<SettleResult>;
  list(input?: ListInput): Promise<OutboxEvent[]>;
  counts(): Promise<Record<EventStatus, number>>;
  /** By event id, webhook id, or the reference of the application it announces. */
  find(key: string): Promise<OutboxEvent[]>;
  attempts(eventId: string): Promise<DeliveryAttempt[]>;
  /** Queues an event to be sent again now, with a fresh retry schedule and the same webhook-id. */
  redeliver(eventId: string, now: Date): Promise<RedeliverResult>;
  /** Queues again every event that failed at or after `since`. @returns how many */
  redeliverFailedSince(since: Date, now: Date): Promise<number>;
  endpoint(url: string): Promise<EndpointState>;
  disableEndpoint(url: string, reason: string, now: Date): Promise<void>;
  /** @returns whether it had been disabled */
  enableEndpoint(url: string): Promise<boolean>;
  /** When the next pending event falls due, if any is waiting. */
  nextDue(): Promise<Date | undefined>;
}

export function createOutbox(db: Database): Outbox {
  return {
    async claim({ worker, endpoint, now, limit, leaseMs }) {
      if (limit <= 0) return [];
      const nowIso = now.toISOString();
      const leaseExpires = new Date(now.getTime() + leaseMs).toISOString();
      const rows = await db.query(
        `WITH due AS (
           SELECT id FROM outbox_events
            WHERE status = 'pending'
              AND next_attempt_at <= $1
              AND (lease_expires_at IS NULL OR lease_expires_at <= $1)
              AND NOT EXISTS (SELECT 1 FROM webhook_endpoints WHERE url = $5 AND disabled_at IS NOT NULL)
            ORDER BY next_attempt_at, id
            LIMIT $2
              FOR UPDATE SKIP LOCKED
         ),
         claimed AS (
           UPDATE outbox_events e
              SET lease_token = gen_random_uuid(),
                  lease_expires_at = $3,
                  attempts = e.attempts + 1,
                  round_attempts = e.round_attempts + 1
             FROM due
            WHERE e.id = due.id
        RETURNING e.id, e.webhook_id, e.type, e.application_id, e.agency_response_id, e.lease_token, e.attempts, e.round_attempts, e.lease_expires_at
         ),
         started AS (
           INSERT INTO outbox_attempts (id, event_id, attempt, worker, endpoint, started_at)
           SELECT lease_token, id, attempts, $4, $5, $1 FROM claimed
         )
         SELECT id, webhook_id, type, application_id, agency_response_id, lease_token, round_attempts, lease_expires_at FROM claimed`,
        [nowIso, limit, leaseExpires, worker, endpoint],
      );
      return rows.map((row) => claimedRowSchema.parse(row));
    },

    async settle(input) {
      const { claimed, now } = input;
      // One statement (one round trip, atomic on its own): the attempt's
      // result, the event's next state and, after a 410, the endpoint's.
      const params: unknown[] = [];
      const p = (value: unknown): string => {
        params.push(value);
        return `$${params.length}`;
      };
      const attemptId = p(claimed.attemptId);
      const at = p(now.toISOString());
      const recordAttempt = `UPDATE outbox_attempts
           SET finished_at = ${at}, duration_ms = ${p(input.durationMs)}, status_code = ${p(input.statusCode ?? null)}, outcome = ${p(input.outcome)},
               error = ${p(input.error ?? null)}, response_body = ${p(input.responseBody ?? null)}
         WHERE id = ${attemptId}`;
      const eventId = p(claimed.eventId);
      const clearLease = 'lease_token = NULL, lease_expires_at = NULL';
      // Only the attempt holding the lease may reschedule or fail the event.
      const holdsLease = `id = ${eventId} AND status = 'pending' AND lease_token = ${attemptId}`;
      let moveEvent: string;
      let extra = '';
      switch (input.outcome) {
        case 'delivered':
          // A delivery is a fact even from an attempt whose lease ran out.
          moveEvent = `SET status = 'delivered', delivered_at = ${at}, ${clearLease}, last_error = NULL WHERE id = ${eventId} AND status = 'pending'`;
          break;
        case 'retry':
          if (!input.retryAt) throw new TypeError('A retry needs retryAt');
          moveEvent = `SET next_attempt_at = ${p(input.retryAt.toISOString())}, ${clearLease}, last_error = ${p(summary(input))} WHERE ${holdsLease}`;
          break;
        case 'failed':
          moveEvent = `SET status = 'failed', failed_at = ${at}, ${clearLease}, last_error = ${p(summary(input))} WHERE ${holdsLease}`;
          break;
        case 'endpoint-gone': {
          if (!input.endpoint) throw new TypeError('endpoint-gone needs the endpoint');
          const reason = p(summary(input));
          extra = `, disabled AS (
            INSERT INTO webhook_endpoints (url, disabled_at, disabled_reason) VALUES (${p(input.endpoint)}, ${at}, ${reason})
            ON CONFLICT (url) DO UPDATE SET disabled_at = excluded.disabled_at, disabled_reason = excluded.disabled_reason
          )`;
          // The event waits, with a fresh schedule, until the endpoint is enabled again.
          moveEvent = `SET next_attempt_at = ${at}, round_attempts = 0, ${clearLease}, last_error = ${reason} WHERE ${holdsLease}`;
          break;
        }
      }
      const [row] = await db.query<{ settled: boolean }>(
        `WITH recorded AS (${recordAttempt}),
              moved AS (UPDATE outbox_events ${moveEvent} RETURNING id)${extra}
         SELECT EXISTS (SELECT 1 FROM moved) AS settled`,
        params,
      );
      return { settled: row?.settled ?? false };
    },

    async list({ status, limit = 50 } = {}) {
      const rows = status
        ? await db.query(`SELECT ${EVENT_COLUMNS} FROM outbox_events WHERE status = $1 ORDER BY created_at DESC, id LIMIT $2`, [status, limit])
        : await db.query(`SELECT ${EVENT_COLUMNS} FROM outbox_events ORDER BY created_at DESC, id LIMIT $1`, [limit]);
      return rows.map((row) => eventRowSchema.parse(row));
    },

    async counts() {
      const rows = await db.query<{ status: EventStatus; n: number }>('SELECT status, count(*)::int AS n FROM outbox_events GROUP BY status');
      const counts: Record<EventStatus, number> = { pending: 0, delivered: 0, failed: 0 };
      for (const row of rows) counts[row.status] = row.n;
      return counts;
    },

    async find(key) {
      const rows = isId(key)
        ? await db.query(`SELECT ${EVENT_COLUMNS} FROM outbox_events WHERE id = $1 OR application_id = $1 ORDER BY created_at`, [key])
        : await db.query(
            `SELECT ${EVENT_COLUMNS} FROM outbox_events
              WHERE webhook_id = $1
                 OR application_id IN (SELECT id FROM applications WHERE reference = $1)
              ORDER BY created_at`,
            [key],
          );
      return rows.map((row) => eventRowSchema.parse(row));
    },

    async attempts(eventId) {
      if (!isId(eventId)) return [];
      const rows = await db.query(`SELECT ${ATTEMPT_COLUMNS} FROM outbox_attempts WHERE event_id = $1 ORDER BY started_at, attempt`, [eventId]);
      return rows.map((row) => attemptRowSchema.parse(row));
    },

    async redeliver(eventId, now) {
      if (!isId(eventId)) return 'not-found';
      const nowIso = now.toISOString();
      const [row] = await db.query<{ queued: boolean }>(
        `WITH target AS (SELECT id, lease_expires_at FROM outbox_events WHERE id = $1),
              queued AS (
                UPDATE outbox_events e
                   SET status = 'pending', next_attempt_at = $2, round_attempts = 0, delivered_at = NULL, failed_at = NULL,
                       lease_token = NULL, lease_expires_at = NULL
                  FROM target
                 WHERE e.id = target.id AND (target.lease_expires_at IS NULL OR target.lease_expires_at <= $2)
             RETURNING e.id
              )
         SELECT EXISTS (SELECT 1 FROM queued) AS queued FROM target`,
        [eventId, nowIso],
      );
      if (!row) return 'not-found';
      return row.queued ? 'queued' : 'in-flight';
    },

    async redeliverFailedSince(since, now) {
      const [row] = await db.query<{ n: number }>(
        `WITH queued AS (
           UPDATE outbox_events
              SET status = 'pending', next_attempt_at = $2, round_attempts = 0, failed_at = NULL
            WHERE status = 'failed' AND failed_at >= $1
        RETURNING 1
         )
         SELECT count(*)::int AS n FROM queued`,
        [since.toISOString(), now.toISOString()],
      );
      return row?.n ?? 0;
    },

    async endpoint(url) {
      const [row] = await db.query<{ disabled_at: Date | null; disabled_reason: string | null }>(
        'SELECT disabled_at, disabled_reason FROM webhook_endpoints WHERE url = $1',
        [url],
      );
      return { url, disabledAt: row?.disabled_at ?? null, disabledReason: row?.disabled_reason ?? null };
    },

    async disableEndpoint(url, reason, now) {
      await disable(db, url, reason, now);
    },

    async enableEndpoint(url) {
      const rows = await db.query(
        'UPDATE webhook_endpoints SET disabled_at = NULL, disabled_reason = NULL WHERE url = $1 AND disabled_at IS NOT NULL RETURNING url',
        [url],
      );
      return rows.length > 0;
    },

    async nextDue() {
      const [row] = await db.query<{ at: Date | null }>(`SELECT min(next_attempt_at) AS at FROM outbox_events WHERE status = 'pending'`);
      return row?.at ?? undefined;
    },
  };
}

async function disable(target: Queryable, url: string, reason: string, now: Date): Promise<void> {
  await target.query(
    `INSERT INTO webhook_endpoints (url, disabled_at, disabled_reason) VALUES ($1, $2, $3)
     ON CONFLICT (url) DO UPDATE SET disabled_at = excluded.disabled_at, disabled_reason = excluded.disabled_reason`,
    [url, now.toISOString(), reason],
  );
}

function summary(input: SettleInput): string {
  if (input.error) return input.error;
  return input.statusCode === undefined ? input.outcome : `HTTP ${input.statusCode}`;
}
