import { z } from 'zod';
import type { Database, Queryable } from './database.ts';
import { DraftNotFoundError, isId } from './drafts.ts';
import type { LinkTokenRepository } from './link-tokens.ts';

/**
 * The agency's response (migration 007): the link that opens it, the draft
 * its answers are kept in between visits, and the response itself, written
 * once.
 *
 * A response draft belongs to one notification (agency_notifications.draft_id):
 * opening the link again, from any browser, finds the same draft. Sending the
 * response freezes the draft the way every draft is frozen (its
 * submitted_application_id is set, here to the application the response is
 * about), writes the response row, uses up the notification's links and runs
 * the `onSubmitted` hook (the webhook event, the liaison officer's email), all
 * in one transaction.
 */

/** What the agency is shown about the application: enough to find the case, nothing more. */
export interface AgencyCase {
  notificationId: string;
  applicationId: string;
  reference: string;
  route: string;
  /** YYYY-MM-DD: the date on the decision letter, as the applicant gave it. */
  decisionDate: string;
  applicantName: string;
  /** YYYY-MM-DD: the last day for the response. */
  dueDate: string;
}

const caseRowSchema = z
  .object({
    notification_id: z.string(),
    application_id: z.string(),
    reference: z.string(),
    route: z.string(),
    decision_date: z.string(),
    applicant_name: z.string(),
    due_date: z.iso.date(),
  })
  .transform((row): AgencyCase => ({
    notificationId: row.notification_id,
    applicationId: row.application_id,
    reference: row.reference,
    route: row.route,
    decisionDate: row.decision_date,
    applicantName: row.applicant_name,
    dueDate: row.due_date,
  }));

// The application's own document holds the letter's date and the applicant's name.
const CASE_SELECT = `SELECT n.id AS notification_id, a.id AS application_id, a.reference, a.route,
       coalesce(a.data #>> '{timeLimit,letterDate}', '') AS decision_date,
       coalesce(a.data #>> '{applicant,fullName}', '') AS applicant_name,
       to_char(n.due_date, 'YYYY-MM-DD') AS due_date
  FROM agency_notifications n JOIN applications a ON a.id = n.application_id`;

const responseRowSchema = z
  .object({
    id: z.string(),
    notification_id: z.string(),
    application_id: z.string(),
    reference: z.string(),
    route: z.string(),
    draft_id: z.string(),
    journey_id: z.string(),
    journey_version: z.string(),
    data: z.unknown(),
    submitted_at: z.date(),
  })
  .transform((row) => ({
    id: row.id,
    notificationId: row.notification_id,
    applicationId: row.application_id,
    /** The application's reference and route. */
    reference: row.reference,
    route: row.route,
    draftId: row.draft_id,
    journeyId: row.journey_id,
    journeyVersion: row.journey_version,
    /** The response document. */
    data: row.data,
    submittedAt: row.submitted_at,
  }));

export type AgencyResponse = z.infer<typeof responseRowSchema>;

const RESPONSE_SELECT = `SELECT r.id, r.notification_id, r.application_id, a.reference, a.route, r.draft_id, r.journey_id, r.journey_version, r.data, r.submitted_at
  FROM agency_responses r JOIN applications a ON a.id = r.application_id`;

/**
 * Runs inside the response's transaction, only when a new response was
 * written: whatever it writes with `tx` commits or rolls back with it.
 */
export type OnAgencyResponseSubmitted = (tx: Queryable, response: AgencyResponse) => Promise<void>;

export interface SubmitAgencyResponseInput {
  draftId: string;
  journeyId: string;
  journeyVersion: string;
  /** The response document: plain JSON values only. */
  data: unknown;
  now: Date;
}

export interface AgencyResponseRepository {
  /** The case a link opens, when the link may be used now. Changes nothing (mail scanners open links first). */
  findByLink(token: unknown, now: Date): Promise<AgencyCase | undefined>;
  /**
   * Opens a usable link: its notification's response draft, made the first
   * time and the same one every time after. Undefined when the link may not
   * be used (expired, revoked, used up, unknown, malformed).
   */
  openByLink(token: unknown, journey: { id: string; version: string }, now: Date): Promise<{ case: AgencyCase; draftId: string } | undefined>;
  /** The case a response draft is for. */
  caseForDraft(draftId: string): Promise<AgencyCase | undefined>;
  /**
   * Whether a response draft may still be worked on, or its confirmation
   * shown: its notification has a link that may be used now (not expired,
   * not revoked), or the response was sent. An operator's revocation, or the
   * link running out, closes a session that opened it too.
   */
  isOpen(draftId: string, now: Date): Promise<boolean>;
  /**
   * Sends the response once, however many times (and however concurrently) it
   * is called for the same draft; a repeat gives back the first response.
   * @throws DraftNotFoundError when the draft is no notification's
   */
  submit(input: SubmitAgencyResponseInput): Promise<{ response: AgencyResponse; created: boolean }>;
  /** The response a draft became, once sent. */
  forDraft(draftId: string): Promise<AgencyResponse | undefined>;
  get(id: string): Promise<AgencyResponse | undefined>;
  /** Oldest first. */
  listForApplication(applicationId: string): Promise<AgencyResponse[]>;
}

export interface AgencyResponseRepositoryOptions {
  linkTokens: LinkTokenRepository;
  onSubmitted?: OnAgencyResponseSubmitted;
}

const PURPOSE = 'agency-response';

export function createAgencyResponseRepository(db: Database, options: AgencyResponseRepositoryOptions): AgencyResponseRepository {
  async function caseFor(where: string, param: string, target: Queryable = db): Promise<AgencyCase | undefined> {
    const [row] = await target.query(`${CASE_SELECT} WHERE ${where}`, [param]);
    return row ? caseRowSchema.parse(row) : undefined;
  }

  async function responseWhere(where: string, params: unknown[], target: Queryable = db): Promise<AgencyResponse | undefined> {
    const [row] = await target.query(`${RESPONSE_SELECT} WHERE ${where}`, params);
    return row ? responseRowSchema.parse(row) : undefined;
  }

  return {
    async findByLink(token, now) {
      const link = await options.linkTokens.findUsable(token, PURPOSE, now);
      return link ? caseFor('n.id = $1', link.subjectId) : undefined;
    },

    async openByLink(token, journey, now) {
      const link = await options.linkTokens.findUsable(token, PURPOSE, now);
      if (!link) return undefined;
      return db.transaction(async (tx) => {
        // The row lock makes two first openings at once agree on one draft.
        const [locked] = await tx.query<{ draft_id: string | null }>('SELECT draft_id FROM agency_notifications WHERE id = $1 FOR UPDATE', [link.subjectId]);
        if (!locked) return undefined;
        let draftId = locked.draft_id;
        if (draftId === null) {
          const [draft] = await tx.query<{ id: string }>('INSERT INTO drafts (journey_id, journey_version) VALUES ($1, $2) RETURNING id', [
            journey.id,
            journey.version,
          ]);
          if (!draft) throw new Error('No draft was made');
          draftId = draft.id;
          await tx.query('UPDATE agency_notifications SET draft_id = $2 WHERE id = $1', [link.subjectId, draftId]);
        }
        const found = await caseFor('n.id = $1', link.subjectId, tx);
        return found ? { case: found, draftId } : undefined;
      });
    },

    async caseForDraft(draftId) {
      if (!isId(draftId)) return undefined;
      return caseFor('n.draft_id = $1', draftId);
    },

    async isOpen(draftId, now) {
      if (!isId(draftId)) return false;
      const [row] = await db.query<{ open: boolean }>(
        `SELECT EXISTS (
                  SELECT 1 FROM agency_notifications n
                    JOIN link_tokens t ON t.purpose = $3 AND t.subject_id = n.id
                   WHERE n.draft_id = $1 AND t.revoked_at IS NULL AND t.used_up_at IS NULL AND t.expires_at > $2
                )
             OR EXISTS (SELECT 1 FROM agency_responses r WHERE r.draft_id = $1) AS open`,
        [draftId, now.toISOString(), PURPOSE],
      );
      return row?.open === true;
    },

    async submit(input) {
      if (!isId(input.draftId)) throw new DraftNotFoundError(input.draftId);
      const data = JSON.stringify(input.data) as string | undefined;
      if (data === undefined) throw new TypeError('A response needs its data');
      return db.transaction(async (tx) => {
        // As for applications: the draft's row lock queues a second send of the same draft behind this one.
        const [draft] = await tx.query<{ notification_id: string; application_id: string; submitted_application_id: string | null }>(
          `SELECT n.id AS notification_id, n.application_id, d.submitted_application_id
             FROM agency_notifications n JOIN drafts d ON d.id = n.draft_id
            WHERE n.draft_id = $1
              FOR UPDATE OF d`,
          [input.draftId],
        );
        if (!draft) throw new DraftNotFoundError(input.draftId);
        if (draft.submitted_application_id !== null) {
          const existing = await responseWhere('r.draft_id = $1', [input.draftId], tx);
          if (!existing) throw new Error(`Draft ${input.draftId} is frozen but no response was made from it`);
          return { response: existing, created: false };
        }
        const [inserted] = await tx.query<{ id: string }>(
          `INSERT INTO agency_responses (notification_id, application_id, draft_id, journey_id, journey_version, data, submitted_at)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
           RETURNING id`,
          [draft.notification_id, draft.application_id, input.draftId, input.journeyId, input.journeyVersion, data, input.now.toISOString()],
        );
        if (!inserted) throw new Error('No response was written');
        await tx.query('UPDATE drafts SET submitted_application_id = $2, updated_at = now() WHERE id = $1', [input.draftId, draft.application_id]);
        // Sent: the notification's links open nothing any more.
        await options.linkTokens.useUpForSubject(tx, PURPOSE, draft.notification_id, input.now);
        const response = await responseWhere('r.id = $1', [inserted.id], tx);
        if (!response) throw new Error('The response just written cannot be read');
        await options.onSubmitted?.(tx, response);
        return { response, created: true };
      });
    },

    async forDraft(draftId) {
      if (!isId(draftId)) return undefined;
      return responseWhere('r.draft_id = $1', [draftId]);
    },

    async get(id) {
      if (!isId(id)) return undefined;
      return responseWhere('r.id = $1', [id]);
    },

    async listForApplication(applicationId) {
      if (!isId(applicationId)) return [];
      const rows = await db.query(`${RESPONSE_SELECT} WHERE r.application_id = $1 ORDER BY r.submitted_at, r.id`, [applicationId]);
      return rows.map((row) => responseRowSchema.parse(row));
    },
  };
}
