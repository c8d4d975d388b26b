import { z } from 'zod';
import { LANGUAGES, type Language } from '../languages.ts';
import type { Database, Queryable } from './database.ts';
import { isId } from './drafts.ts';

/**
 * The email outbox (migration 004): emails written in the transaction that
 * causes them, claimed by email workers under a lease (the same rules as the
 * webhook outbox, src/store/outbox.ts), every attempt recorded, and the
 * development transport's mailbox. Times come from the caller's clock.
 */

export const EMAIL_KINDS = ['applicant-confirmation', 'agency-notification', 'resume-link', 'agency-confirmation', 'operator-alert'] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

/** An email is written in the application's language: whichever the service speaks. */
export const EMAIL_LANGUAGES = LANGUAGES;
export type EmailLanguage = Language;

export const EMAIL_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/** Notify personalisation: each placeholder's text. */
export const personalisationSchema = z.record(z.string(), z.string());
export type Personalisation = z.infer<typeof personalisationSchema>;

const emailRowSchema = z
  .object({
    id: z.string(),
    kind: z.enum(EMAIL_KINDS),
    application_id: z.string().nullable(),
    email_address: z.string(),
    language: z.enum(EMAIL_LANGUAGES),
    personalisation: personalisationSchema.nullable(),
    status: z.enum(EMAIL_STATUSES),
    created_at: z.date(),
    next_attempt_at: z.date(),
    attempts: z.number(),
    delivered_at: z.date().nullable(),
    failed_at: z.date().nullable(),
    last_error: z.string().nullable(),
    provider_id: z.string().nullable(),
  })
  .transform((row) => ({
    id: row.id,
    kind: row.kind,
    applicationId: row.application_id,
    emailAddress: row.email_address,
    language: row.language,
    /** null once the email is sent or has failed for good */
    personalisation: row.personalisation,
    status: row.status,
    createdAt: row.created_at,
    nextAttemptAt: row.next_attempt_at,
    attempts: row.attempts,
    deliveredAt: row.delivered_at,
    failedAt: row.failed_at,
    lastError: row.last_error,
    providerId: row.provider_id,
  }));
export type QueuedEmail = z.infer<typeof emailRowSchema>;

const EMAIL_COLUMNS =
  'id, kind, application_id, email_address, language, personalisation, status, created_at, next_attempt_at, attempts, delivered_at, failed_at, last_error, provider_id';

export interface EnqueueEmailInput {
  kind: EmailKind;
  emailAddress: string;
  language: EmailLanguage;
  personalisation: Personalisation;
  applicationId?: string;
  now: Date;
}

/** Writes an email with `tx`, inside the caller's transaction (or with the database, on its own). */
export async function enqueueEmail(tx: Queryable, input: EnqueueEmailInput): Promise<QueuedEmail> {
  const [row] = await tx.query(
    `INSERT INTO email_outbox (kind, application_id, email_address, language, personalisation, created_at, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6)
     RETURNING ${EMAIL_COLUMNS}`,
    [input.kind, input.applicationId ?? null, input.emailAddress, input.language, JSON.stringify(input.personalisation), input.now.toISOString()],
  );
  return emailRowSchema.parse(row);
}

/** An email a worker holds a lease on, and the attempt it is about to make. */
export interface ClaimedEmail {
  emailId: string;
  kind: EmailKind;
  emailAddress: string;
  language: EmailLanguage;
  personalisation: Personalisation;
  /** Also the lease token. */
  attemptId: string;
  /** This attempt's number within the current round (1 = first try). */
  roundAttempt: number;
}

const claimedRowSchema = z
  .object({
    id: z.string(),
    kind: z.enum(EMAIL_KINDS),
    email_address: z.string(),
    language: z.enum(EMAIL_LANGUAGES),
    personalisation: personalisationSchema,
    lease_token: z.string(),
    round_attempts: z.number(),
  })
  .transform((row): ClaimedEmail => ({
    emailId: row.id,
    kind: row.kind,
    emailAddress: row.email_address,
    language: row.language,
    personalisation: row.personalisation,
    attemptId: row.lease_token,
    roundAttempt: row.round_attempts,
  }));

export const EMAIL_OUTCOMES = ['delivered', 'retry', 'failed'] as const;
export type EmailOutcome = (typeof EMAIL_OUTCOMES)[number];

export interface EmailClaimInput {
  worker: string;
  transport: string;
  now: Date;
  limit: number;
  leaseMs: number;
}

export interface EmailSettleInput {
  claimed: ClaimedEmail;
  now: Date;
  outcome: EmailOutcome;
  retryAt?: Date;
  statusCode?: number;
  durationMs: number;
  error?: string;
  /** The provider's id for the notification, when it accepted it. */
  providerId?: string;
}

export interface DevEmailInput {
  emailId: string;
  kind: EmailKind;
  emailAddress: string;
  language: EmailLanguage;
  templateId: string | undefined;
  personalisation: Personalisation;
}

export interface DevEmail {
  emailId: string;
  kind: EmailKind;
  emailAddress: string;
  language: EmailLanguage;
  templateId: string | null;
  personalisation: Personalisation;
  sentAt: Date;
}

const devEmailRowSchema = z
  .object({
    email_id: z.string(),
    kind: z.enum(EMAIL_KINDS),
    email_address: z.string(),
    language: z.enum(EMAIL_LANGUAGES),
    template_id: z.string().nullable(),
    personalisation: personalisationSchema,
    sent_at: z.date(),
  })
  .transform((row): DevEmail => ({
    emailId: row.email_id,
    kind: row.kind,
    emailAddress: row.email_address,
    language: row.language,
    templateId: row.template_id,
    personalisation: row.personalisation,
    sentAt: row.sent_at,
  }));

export interface EmailAttempt {
  attempt: number;
  worker: string;
  transport: string;
  startedAt: Date;
  finishedAt: Date | null;
  statusCode: number | null;
  outcome: string | null;
  error: string | null;
}

const attemptRowSchema = z
  .object({
    attempt: z.number(),
    worker: z.string(),
    transport: z.string(),
    started_at: z.date(),
    finished_at: z.date().nullable(),
    status_code: z.number().nullable(),
    outcome: z.string().nullable(),
    error: z.string().nullable(),
  })
  .transform((row): EmailAttempt => ({
    attempt: row.attempt,
    worker: row.worker,
    transport: row.transport,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    statusCode: row.status_code,
    outcome: row.outcome,
    error: row.error,
  }));

export interface EmailOutbox {
  /** Leases up to `limit` due emails to `worker` (FOR UPDATE SKIP LOCKED) and records the start of an attempt for each. */
  claim(input: EmailClaimInput): Promise<ClaimedEmail[]>;
  /** Records how an attempt ended; a sent email's personalisation is erased. @returns false when the lease had been lost */
  settle(input: EmailSettleInput): Promise<boolean>;
  list(input?: { status?: EmailStatus; limit?: number }): Promise<QueuedEmail[]>;
  /** By email id or the id of the application it is about. */
  find(key: string): Promise<QueuedEmail[]>;
  attempts(emailId: string): Promise<EmailAttempt[]>;
  nextDue(): Promise<Date | undefined>;
  counts(): Promise<Record<EmailStatus, number>>;
  /** Queues failed emails to be sent again now, with a fresh retry schedule: one by id, or every one that failed at or after `since`. @returns how many */
  resend(input: { emailId?: string; since?: Date; now: Date }): Promise<number>;
  /** The development transport: keeps what would have been sent (once per email). */
  keepDevEmail(email: DevEmailInput, now: Date): Promise<void>;
  /** The development mailbox, newest first. */
  devEmails(limit?: number): Promise<DevEmail[]>;
}

export function createEmailOutbox(db: Database): EmailOutbox {
  return {
    async claim({ worker, transport, now, limit, leaseMs }) {
      if (limit <= 0) return [];
      const nowIso = now.toISOString();
      const rows = await db.query(
        `WITH due AS (
           SELECT id FROM email_outbox
            WHERE status = 'pending'
              AND next_attempt_at <= $1
              AND (lease_expires_at IS NULL OR lease_expires_at <= $1)
            ORDER BY next_attempt_at, id
            LIMIT $2
              FOR UPDATE SKIP LOCKED
         ),
         claimed AS (
           UPDATE email_outbox e
              SET lease_token = gen_random_uuid(),
                  lease_expires_at = $3,
                  attempts = e.attempts + 1,
                  round_attempts = e.round_attempts + 1
             FROM due
            WHERE e.id = due.id
        RETURNING e.id, e.kind, e.email_address, e.language, e.personalisation, e.lease_token, e.attempts, e.round_attempts
         ),
         started AS (
           INSERT INTO email_attempts (id, email_id, attempt, worker, transport, started_at)
           SELECT lease_token, id, attempts, $4, $5, $1 FROM claimed
         )
         SELECT id, kind, email_address, language, personalisation, lease_token, round_attempts FROM claimed`,
        [nowIso, limit, new Date(now.getTime() + leaseMs).toISOString(), worker, transport],
      );
      return rows.map((row) => claimedRowSchema.parse(row));
    },

    async settle(input) {
      const { claimed, now } = input;
      if (input.outcome === 'retry' && !input.retryAt) throw new TypeError('A retry needs retryAt');
      // One statement: the attempt's result and the email's next state.
      const params: unknown[] = [];
      const p = (value: unknown): string => {
        params.push(value);
        return `$${params.length}`;
      };
      const attemptId = p(claimed.attemptId);
      const at = p(now.toISOString());
      const error = p(input.error ?? (input.statusCode === undefined ? null : `HTTP ${input.statusCode}`));
      const recordAttempt = `UPDATE email_attempts
           SET finished_at = ${at}, duration_ms = ${p(input.durationMs)}, status_code = ${p(input.statusCode ?? null)}, outcome = ${p(input.outcome)}, error = ${error}
         WHERE id = ${attemptId}`;
      const emailId = p(claimed.emailId);
      const clearLease = 'lease_token = NULL, lease_expires_at = NULL';
      // Only the attempt holding the lease may reschedule or fail the email;
      // a delivery is a fact even from an attempt whose lease ran out.
      const holdsLease = `id = ${emailId} AND status = 'pending' AND lease_token = ${attemptId}`;
      let moveEmail: string;
      switch (input.outcome) {
        case 'delivered':
          moveEmail = `SET status = 'delivered', delivered_at = ${at}, personalisation = NULL, provider_id = ${p(input.providerId ?? null)}, ${clearLease}, last_error = NULL
                        WHERE id = ${emailId} AND status = 'pending'`;
          break;
        case 'failed':
          // The words stay, so that the email can be sent again once the cause is fixed (npm run emails -- resend).
          moveEmail = `SET status = 'failed', failed_at = ${at}, ${clearLease}, last_error = ${error} WHERE ${holdsLease}`;
          break;
        case 'retry':
          moveEmail = `SET next_attempt_at = ${p(input.retryAt?.toISOString())}, ${clearLease}, last_error = ${error} WHERE ${holdsLease}`;
          break;
      }
      const [row] = await db.query<{ settled: boolean }>(
        `WITH recorded AS (${recordAttempt}),
              moved AS (UPDATE email_outbox ${moveEmail} RETURNING id)
         SELECT EXISTS (SELECT 1 FROM moved) AS settled`,
        params,
      );
      return row?.settled ?? false;
    },

    async list({ status, limit = 50 } = {}) {
      const rows = status
        ? await db.query(`SELECT ${EMAIL_COLUMNS} FROM email_outbox WHERE status = $1 ORDER BY created_at DESC, id LIMIT $2`, [status, limit])
        : await db.query(`SELECT ${EMAIL_COLUMNS} FROM email_outbox ORDER BY created_at DESC, id LIMIT $1`, [limit]);
      return rows.map((row) => emailRowSchema.parse(row));
    },

    async find(key) {
      if (!isId(key)) return [];
      const rows = await db.query(`SELECT ${EMAIL_COLUMNS} FROM email_outbox WHERE id = $1 OR application_id = $1 ORDER BY created_at`, [key]);
      return rows.map((row) => emailRowSchema.parse(row));
    },

    async attempts(emailId) {
      if (!isId(emailId)) return [];
      const rows = await db.query(
        'SELECT attempt, worker, transport, started_at, finished_at, status_code, outcome, error FROM email_attempts WHERE email_id = $1 ORDER BY started_at, attempt',
        [emailId],
      );
      return rows.map((row) => attemptRowSchema.parse(row));
    },

    async nextDue() {
      const [row] = await db.query<{ at: Date | null }>(`SELECT min(next_attempt_at) AS at FROM email_outbox WHERE status = 'pending'`);
      return row?.at ?? undefined;
    },

    async counts() {
      const rows = await db.query<{ status: EmailStatus; n: number }>('SELECT status, count(*)::int AS n FROM email_outbox GROUP BY status');
      const counts: Record<EmailStatus, number> = { pending: 0, delivered: 0, failed: 0 };
      for (const row of rows) counts[row.status] = row.n;
      return counts;
    },

    async resend({ emailId, since, now }) {
      if (emailId !== undefined && !isId(emailId)) return 0;
      const [row] = await db.query<{ n: number }>(
        `WITH queued AS (
           UPDATE email_outbox
              SET status = 'pending', next_attempt_at = $3, round_attempts = 0, failed_at = NULL
            WHERE status = 'failed' AND personalisation IS NOT NULL
              AND ($1::uuid IS NULL OR id = $1::uuid)
              AND ($2::timestamptz IS NULL OR failed_at >= $2::timestamptz)
        RETURNING 1
         )
         SELECT count(*)::int AS n FROM queued`,
        [emailId ?? null, since?.toISOString() ?? null, now.toISOString()],
      );
      return row?.n ?? 0;
    },

    async keepDevEmail(email, now) {
      await db.query(
        `INSERT INTO dev_emails (email_id, kind, email_address, language, template_id, personalisation, sent_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (email_id) DO NOTHING`,
        [email.emailId, email.kind, email.emailAddress, email.language, email.templateId ?? null, JSON.stringify(email.personalisation), now.toISOString()],
      );
    },

    async devEmails(limit = 100) {
      const rows = await db.query(
        'SELECT email_id, kind, email_address, language, template_id, personalisation, sent_at FROM dev_emails ORDER BY position DESC LIMIT $1',
        [limit],
      );
      return rows.map((row) => devEmailRowSchema.parse(row));
    },
  };
}
