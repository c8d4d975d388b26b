import { z } from 'zod';
import type { RecordRetentionCutOffs } from '../rules/record-retention.ts';
import type { Database, Queryable } from './database.ts';

/**
 * Retention of what the service has handed over (migration 010; the rule is
 * src/rules/record-retention.ts):
 *
 * - sent applications the caseworker system has in full (every webhook event
 *   acknowledged, every file downloaded), past the cut-off, go with all that
 *   belongs to them: their webhook events (and attempts), their emails (and
 *   attempts), their agency notifications, responses and links, and their
 *   drafts (the applicant's and the agencies') with the files and bytes;
 * - delivery logs past their cut-off: webhook delivery attempts, email
 *   attempts, and emails sent (with their attempts and development copies).
 *
 * Foreign keys decide the order: events, emails, responses and notifications
 * before their application; the drafts before the application they point to.
 * Each batch of applications is one transaction; applications another worker
 * is deleting at that moment are skipped (locked rows).
 */

export interface ApplicationRetentionCounts {
  readonly applications: number;
  /** The applicants' drafts and the agencies' response drafts. */
  readonly drafts: number;
  readonly files: number;
  readonly agencyNotifications: number;
  readonly agencyResponses: number;
  /** Save-and-return and agency links. */
  readonly links: number;
  /** Webhook events, each with its delivery attempts. */
  readonly webhookEvents: number;
  /** Emails about the applications, each with its attempts. */
  readonly emails: number;
}

export interface DeliveryLogRetentionCounts {
  readonly webhookAttempts: number;
  readonly emailAttempts: number;
  /** Emails sent, each with what is left of its attempts. */
  readonly sentEmails: number;
}

export interface RecordRetentionCounts {
  readonly applications: ApplicationRetentionCounts;
  readonly deliveryLogs: DeliveryLogRetentionCounts;
}

const applicationCountsSchema = z.object({
  applications: z.number(),
  drafts: z.number(),
  files: z.number(),
  agencyNotifications: z.number(),
  agencyResponses: z.number(),
  links: z.number(),
  webhookEvents: z.number(),
  emails: z.number(),
});
const logCountsSchema = z.object({ webhookAttempts: z.number(), emailAttempts: z.number(), sentEmails: z.number() });

export interface RecordRetentionRepository {
  /** What `deleteDue(cutOffs)` would delete (a dry run). */
  countDue(cutOffs: RecordRetentionCutOffs): Promise<RecordRetentionCounts>;
  /** Deletes it, `batchSize` applications per transaction. */
  deleteDue(cutOffs: RecordRetentionCutOffs, options?: { batchSize?: number }): Promise<RecordRetentionCounts>;
}

const DEFAULT_BATCH_SIZE = 100;

/**
 * The applications due at cut-off $1: every event acknowledged (and at least
 * one), every file of its sent drafts downloaded, no email still to send, and
 * nothing of it (acknowledgement, download, response, open link) at or after $1.
 */
const DUE_APPLICATIONS = `
  SELECT a.id FROM applications a
   WHERE EXISTS (SELECT 1 FROM outbox_events e WHERE e.application_id = a.id)
     AND NOT EXISTS (SELECT 1 FROM outbox_events e
                      WHERE e.application_id = a.id AND (e.status <> 'delivered' OR e.delivered_at IS NULL OR e.delivered_at >= $1))
     AND NOT EXISTS (SELECT 1 FROM evidence_files f JOIN drafts d ON d.id = f.draft_id
                      WHERE d.submitted_application_id = a.id AND (f.downloaded_at IS NULL OR f.downloaded_at >= $1))
     AND NOT EXISTS (SELECT 1 FROM email_outbox m WHERE m.application_id = a.id AND m.status = 'pending')
     AND NOT EXISTS (SELECT 1 FROM agency_responses r WHERE r.application_id = a.id AND r.submitted_at >= $1)
     AND NOT EXISTS (SELECT 1 FROM agency_notifications n
                      WHERE n.application_id = a.id AND n.link_expires_at >= $1
                        AND NOT EXISTS (SELECT 1 FROM agency_responses r WHERE r.notification_id = n.id))`;

/** Given temporary table `due` (ids): the drafts that go with them. */
const DUE_DRAFTS = `
  SELECT d.id FROM drafts d WHERE d.submitted_application_id IN (SELECT id FROM due)
  UNION SELECT a.draft_id FROM applications a WHERE a.id IN (SELECT id FROM due)
  UNION SELECT n.draft_id FROM agency_notifications n WHERE n.application_id IN (SELECT id FROM due) AND n.draft_id IS NOT NULL`;

const DUE_NOTIFICATIONS = `SELECT id FROM agency_notifications WHERE application_id IN (SELECT id FROM due)`;

/**
 * The counts for the applications in `due` (a CTE of ids), before anything of
 * them is deleted. The delivery logs go first (cut-off $2), so emails sent
 * before it are counted there, not here: a dry run counts what a run deletes.
 */
const COUNT_APPLICATIONS = `
  SELECT (SELECT count(*)::int FROM due) AS "applications",
         (SELECT count(*)::int FROM (${DUE_DRAFTS}) x) AS "drafts",
         (SELECT count(*)::int FROM evidence_files WHERE draft_id IN (${DUE_DRAFTS})) AS "files",
         (SELECT count(*)::int FROM (${DUE_NOTIFICATIONS}) x) AS "agencyNotifications",
         (SELECT count(*)::int FROM agency_responses WHERE application_id IN (SELECT id FROM due)) AS "agencyResponses",
         (SELECT count(*)::int FROM link_tokens
           WHERE (purpose = 'resume-draft' AND subject_id IN (${DUE_DRAFTS}))
              OR (purpose = 'agency-response' AND subject_id IN (${DUE_NOTIFICATIONS}))) AS "links",
         (SELECT count(*)::int FROM outbox_events WHERE application_id IN (SELECT id FROM due)) AS "webhookEvents",
         (SELECT count(*)::int FROM email_outbox
           WHERE application_id IN (SELECT id FROM due) AND NOT (status = 'delivered' AND delivered_at < $2)) AS "emails"`;

/** Log entries due at cut-off $1 (attempts of events and emails that stay; emails sent before it). */
const DUE_WEBHOOK_ATTEMPTS = `SELECT id FROM outbox_attempts WHERE started_at < $1`;
const DUE_SENT_EMAILS = `SELECT id FROM email_outbox WHERE status = 'delivered' AND delivered_at < $1`;
const DUE_EMAIL_ATTEMPTS = `SELECT id FROM email_attempts WHERE started_at < $1 AND email_id NOT IN (${DUE_SENT_EMAILS})`;

export function createRecordRetentionRepository(db: Database): RecordRetentionRepository {
  async function countLogs(q: Queryable, cutOff: Date): Promise<DeliveryLogRetentionCounts> {
    const [row] = await q.query(
      `SELECT (SELECT count(*)::int FROM (${DUE_WEBHOOK_ATTEMPTS}) x) AS "webhookAttempts",
              (SELECT count(*)::int FROM (${DUE_EMAIL_ATTEMPTS}) x) AS "emailAttempts",
              (SELECT count(*)::int FROM (${DUE_SENT_EMAILS}) x) AS "sentEmails"`,
      [cutOff],
    );
    return logCountsSchema.parse(row);
  }

  /** Deletes the delivery logs from before `cutOff`: the emails sent (with their attempts), then the other attempts. */
  async function deleteLogs(cutOff: Date): Promise<DeliveryLogRetentionCounts> {
    const deleted = async (sql: string): Promise<number> => {
      const [row] = await db.query(`WITH gone AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM gone`, [cutOff]);
      return z.object({ n: z.number() }).parse(row).n;
    };
    const sentEmails = await deleted(`DELETE FROM email_outbox WHERE id IN (${DUE_SENT_EMAILS})`);
    const emailAttempts = await deleted(`DELETE FROM email_attempts WHERE started_at < $1`);
    const webhookAttempts = await deleted(`DELETE FROM outbox_attempts WHERE started_at < $1`);
    return { webhookAttempts, emailAttempts, sentEmails };
  }

  /** One batch of applications, in one transaction. */
  async function deleteApplicationBatch(cutOff: Date, logCutOff: Date, batchSize: number): Promise<z.infer<typeof applicationCountsSchema>> {
    return db.transaction(async (tx) => {
      const ids = (await tx.query(`${DUE_APPLICATIONS} ORDER BY a.submitted_at LIMIT $2 FOR UPDATE OF a SKIP LOCKED`, [cutOff, batchSize])).map(
        (row) => z.object({ id: z.string() }).parse(row).id,
      );
      if (ids.length === 0)
        return applicationCountsSchema.parse({
          applications: 0,
          drafts: 0,
          files: 0,
          agencyNotifications: 0,
          agencyResponses: 0,
          links: 0,
          webhookEvents: 0,
          emails: 0,
        });
      const due = `WITH due AS (SELECT unnest($1::uuid[]) AS id)`;
      const [counted] = await tx.query(`${due} ${COUNT_APPLICATIONS}`, [ids, logCutOff]);
      const counts = applicationCountsSchema.parse(counted);
      // Children first: nothing below may point at a row already gone.
      await tx.query(
        `${due} DELETE FROM link_tokens
          WHERE (purpose = 'resume-draft' AND subject_id IN (${DUE_DRAFTS}))
             OR (purpose = 'agency-response' AND subject_id IN (${DUE_NOTIFICATIONS}))`,
        [ids],
      );
      await tx.query(`${due} DELETE FROM outbox_events WHERE application_id IN (SELECT id FROM due)`, [ids]);
      await tx.query(`${due} DELETE FROM email_outbox WHERE application_id IN (SELECT id FROM due)`, [ids]);
      const drafts = (await tx.query(`${due} ${DUE_DRAFTS}`, [ids])).map((row) => z.object({ id: z.string() }).parse(row).id);
      await tx.query(`${due} DELETE FROM agency_responses WHERE application_id IN (SELECT id FROM due)`, [ids]);
      await tx.query(`${due} DELETE FROM agency_notifications WHERE application_id IN (SELECT id FROM due)`, [ids]);
      // The drafts (and by cascade their files and bytes) before the applications they point to.
      await tx.query(`DELETE FROM drafts WHERE id = ANY($1::uuid[])`, [drafts]);
      await tx.query(`DELETE FROM applications WHERE id = ANY($1::uuid[])`, [ids]);
      return counts;
    });
  }

  return {
    async countDue(cutOffs) {
      const [row] = await db.query(`WITH due AS (${DUE_APPLICATIONS}) ${COUNT_APPLICATIONS}`, [cutOffs.applications, cutOffs.deliveryLogs]);
      return { applications: applicationCountsSchema.parse(row), deliveryLogs: await countLogs(db, cutOffs.deliveryLogs) };
    },

    async deleteDue(cutOffs, options = {}) {
      const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
      // The logs first: what an application's deletion then takes with it is counted once, as the dry run counts it.
      const deliveryLogs = await deleteLogs(cutOffs.deliveryLogs);
      const applications = { applications: 0, drafts: 0, files: 0, agencyNotifications: 0, agencyResponses: 0, links: 0, webhookEvents: 0, emails: 0 };
      for (;;) {
        const batch = await deleteApplicationBatch(cutOffs.applications, cutOffs.deliveryLogs, batchSize);
        for (const key of Object.keys(applications) as Array<keyof typeof applications>) applications[key] += batch[key];
        if (batch.applications < batchSize) break;
      }
      return { applications, deliveryLogs };
    },
  };
}
