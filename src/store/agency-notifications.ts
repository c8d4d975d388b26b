import { z } from 'zod';
import type { Queryable } from './database.ts';
import { isId } from './drafts.ts';

/**
 * The emails that tell an agency about an application (migration 007): to
 * whom, chosen by whom, when, and by when the agency must respond. The link
 * in each is a link token (link-tokens.ts) whose subject is the notification.
 */

/** Who chose the address: a caseworker through the consumer API, or the agency directory. */
export const AGENCY_NOTIFICATION_SOURCES = ['caseworker', 'directory'] as const;
export type AgencyNotificationSource = (typeof AGENCY_NOTIFICATION_SOURCES)[number];

const rowSchema = z
  .object({
    id: z.string(),
    application_id: z.string(),
    email_address: z.string(),
    recipient_name: z.string().nullable(),
    source: z.enum(AGENCY_NOTIFICATION_SOURCES),
    sent_at: z.date(),
    due_date: z.iso.date(),
    link_expires_at: z.date(),
    draft_id: z.string().nullable(),
  })
  .transform((row) => ({
    id: row.id,
    applicationId: row.application_id,
    emailAddress: row.email_address,
    recipientName: row.recipient_name,
    source: row.source,
    sentAt: row.sent_at,
    /** YYYY-MM-DD, a London calendar date */
    dueDate: row.due_date,
    linkExpiresAt: row.link_expires_at,
    /** The response draft, once the link has been opened. */
    draftId: row.draft_id,
  }));

export type AgencyNotification = z.infer<typeof rowSchema>;

// A date column comes back as text, so neither driver turns it into a Date at some local midnight.
export const NOTIFICATION_COLUMNS =
  "id, application_id, email_address, recipient_name, source, sent_at, to_char(due_date, 'YYYY-MM-DD') AS due_date, link_expires_at, draft_id";

export const parseNotificationRow = (row: unknown): AgencyNotification => rowSchema.parse(row);

export interface NewAgencyNotification {
  applicationId: string;
  emailAddress: string;
  recipientName?: string | undefined;
  source: AgencyNotificationSource;
  sentAt: Date;
  /** YYYY-MM-DD */
  dueDate: string;
  linkExpiresAt: Date;
}

/** Records a notification with `tx`, inside the caller's transaction. */
export async function insertAgencyNotification(tx: Queryable, input: NewAgencyNotification): Promise<AgencyNotification> {
  const [row] = await tx.query(
    `INSERT INTO agency_notifications (application_id, email_address, recipient_name, source, sent_at, due_date, link_expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     RETURNING ${NOTIFICATION_COLUMNS}`,
    [
      input.applicationId,
      input.emailAddress,
      input.recipientName ?? null,
      input.source,
      input.sentAt.toISOString(),
      input.dueDate,
      input.linkExpiresAt.toISOString(),
    ],
  );
  return parseNotificationRow(row);
}

export interface AgencyNotificationRepository {
  get(id: string): Promise<AgencyNotification | undefined>;
  /** Oldest first. */
  listForApplication(applicationId: string): Promise<AgencyNotification[]>;
}

export function createAgencyNotificationRepository(db: Queryable): AgencyNotificationRepository {
  return {
    async get(id) {
      if (!isId(id)) return undefined;
      const [row] = await db.query(`SELECT ${NOTIFICATION_COLUMNS} FROM agency_notifications WHERE id = $1`, [id]);
      return row ? parseNotificationRow(row) : undefined;
    },

    async listForApplication(applicationId) {
      if (!isId(applicationId)) return [];
      const rows = await db.query(`SELECT ${NOTIFICATION_COLUMNS} FROM agency_notifications WHERE application_id = $1 ORDER BY sent_at, id`, [applicationId]);
      return rows.map(parseNotificationRow);
    },
  };
}
