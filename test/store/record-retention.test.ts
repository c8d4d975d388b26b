import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { recordRetentionCutOffs } from '../../src/rules/record-retention.ts';
import { createEvidenceFileRepository } from '../../src/store/evidence-files.ts';
import { createRecordRetentionRepository } from '../../src/store/record-retention.ts';
import { sampleDocument } from '../support/sample-application.ts';
import { engines, useStore } from './engines.ts';

/**
 * Retention of sent applications and delivery logs (issue 10), on every
 * engine: an application goes, with all that belongs to it, only once the
 * caseworker system has had it all (every webhook event acknowledged, every
 * file downloaded) for the period; delivery logs go after theirs.
 */

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2027-06-01T09:00:00Z');
const PERIODS = { applicationDays: 30, deliveryLogDays: 90 };
const daysAgo = (days: number): Date => new Date(NOW.getTime() - days * DAY);

describe.each(engines)('record retention on $name', (engine) => {
  const store = useStore(engine, { now: () => NOW });
  const retention = () => createRecordRetentionRepository(store().db);
  const q = (sql: string, params: unknown[] = []) => store().db.query(sql, params);
  const count = async (sql: string, params: unknown[] = []): Promise<number> => {
    const [row] = await store().db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) x`, params);
    return row?.n ?? 0;
  };

  async function addFile(draftId: string, downloadedAt: Date | undefined): Promise<string> {
    const bytes = Buffer.from(`file ${randomUUID()}`);
    const files = createEvidenceFileRepository(store().db);
    const file = await files.add(
      {
        draftId,
        role: 'supporting',
        name: 'f.txt',
        size: bytes.length,
        type: 'text/plain',
        sha256: createHash('sha256').update(bytes).digest('hex'),
        scan: 'not-scanned',
      },
      (async function* () {
        yield bytes;
      })(),
    );
    if (downloadedAt) await files.markDownloaded(draftId, file.id, downloadedAt);
    return file.id;
  }

  async function event(applicationId: string, status: 'pending' | 'delivered' | 'failed', at: Date, agencyResponseId?: string): Promise<string> {
    const [row] = await store().db.query<{ id: string }>(
      `INSERT INTO outbox_events (webhook_id, type, application_id, status, created_at, next_attempt_at, delivered_at, agency_response_id)
       VALUES ($1, 'application.submitted', $2, $3, $4, $4, $5, $6) RETURNING id`,
      [`msg_${randomUUID()}`, applicationId, status, at, status === 'delivered' ? at : null, agencyResponseId ?? null],
    );
    await q(
      `INSERT INTO outbox_attempts (id, event_id, attempt, worker, endpoint, started_at, outcome) VALUES ($1, $2, 1, 'w', 'https://x.example', $3, 'delivered')`,
      [randomUUID(), row?.id, at],
    );
    return row?.id ?? '';
  }

  async function email(applicationId: string | null, status: 'pending' | 'delivered' | 'failed', at: Date): Promise<string> {
    const [row] = await store().db.query<{ id: string }>(
      `INSERT INTO email_outbox (kind, application_id, email_address, language, status, created_at, next_attempt_at, delivered_at)
       VALUES ('applicant-confirmation', $1, 'a@example.com', 'en', $2, $3, $3, $4) RETURNING id`,
      [applicationId, status, at, status === 'delivered' ? at : null],
    );
    await q(`INSERT INTO email_attempts (id, email_id, attempt, worker, transport, started_at, outcome) VALUES ($1, $2, 1, 'w', 'notify', $3, 'retry')`, [
      randomUUID(),
      row?.id,
      at,
    ]);
    return row?.id ?? '';
  }

  interface Sent {
    readonly id: string;
    readonly draftId: string;
  }

  /** A sent application with one file; its event acknowledged and its file downloaded `handedOverDaysAgo` days ago, unless told otherwise. */
  async function sentApplication(
    handedOverDaysAgo: number,
    options: { eventStatus?: 'pending' | 'delivered' | 'failed'; downloaded?: boolean; pendingEmail?: boolean } = {},
  ): Promise<Sent> {
    const draft = await store().drafts.create('irm', '1');
    const when = daysAgo(handedOverDaysAgo);
    await addFile(draft.id, options.downloaded === false ? undefined : when);
    await store().linkTokens.issue(store().db, { purpose: 'resume-draft', subjectId: draft.id, expiresAt: daysAgo(-400), now: daysAgo(200) });
    const document = sampleDocument();
    const { application } = await store().applications.submit({
      draftId: draft.id,
      journeyId: 'irm',
      journeyVersion: '1',
      route: document.route,
      late: false,
      data: document,
      newReference: () => `IRM-${randomUUID().slice(0, 8).toUpperCase()}`,
    });
    await event(application.id, options.eventStatus ?? 'delivered', when);
    await email(application.id, options.pendingEmail ? 'pending' : 'delivered', when);
    return { id: application.id, draftId: draft.id };
  }

  /** An agency told about the application, which answered (with a downloaded file) or not; its link runs out at `linkUntil`. */
  async function agencyOf(application: Sent, options: { answeredDaysAgo?: number; linkUntil: Date }): Promise<void> {
    const [notification] = await store().db.query<{ id: string }>(
      `INSERT INTO agency_notifications (application_id, email_address, source, sent_at, due_date, link_expires_at)
       VALUES ($1, 'agency@example.org', 'caseworker', $2, '2027-01-01', $3) RETURNING id`,
      [application.id, daysAgo(300), options.linkUntil],
    );
    await store().linkTokens.issue(store().db, {
      purpose: 'agency-response',
      subjectId: notification?.id ?? '',
      expiresAt: options.linkUntil,
      now: daysAgo(300),
    });
    const draft = await store().drafts.create('agency-response', '1');
    await q('UPDATE agency_notifications SET draft_id = $2 WHERE id = $1', [notification?.id, draft.id]);
    if (options.answeredDaysAgo === undefined) return;
    const answered = daysAgo(options.answeredDaysAgo);
    await addFile(draft.id, answered);
    await q('UPDATE drafts SET submitted_application_id = $2 WHERE id = $1', [draft.id, application.id]);
    const [response] = await store().db.query<{ id: string }>(
      `INSERT INTO agency_responses (notification_id, application_id, draft_id, journey_id, journey_version, data, submitted_at)
       VALUES ($1, $2, $3, 'agency-response', '1', '{}'::jsonb, $4) RETURNING id`,
      [notification?.id, application.id, draft.id, answered],
    );
    await event(application.id, 'delivered', answered, response?.id);
  }

  const applicationExists = async (id: string) => (await count('SELECT 1 FROM applications WHERE id = $1', [id])) === 1;
  const leftOf = async (application: Sent) => ({
    application: await applicationExists(application.id),
    drafts: await count('SELECT 1 FROM drafts WHERE id = $1 OR submitted_application_id = $2', [application.draftId, application.id]),
    files: await count('SELECT 1 FROM evidence_files f JOIN drafts d ON d.id = f.draft_id WHERE d.id = $1 OR d.submitted_application_id = $2', [
      application.draftId,
      application.id,
    ]),
    events: await count('SELECT 1 FROM outbox_events WHERE application_id = $1', [application.id]),
    emails: await count('SELECT 1 FROM email_outbox WHERE application_id = $1', [application.id]),
    notifications: await count('SELECT 1 FROM agency_notifications WHERE application_id = $1', [application.id]),
  });

  it('deletes an application the caseworker system has had in full for the period, with everything that belongs to it; a dry run counts the same and deletes nothing', async () => {
    const due = await sentApplication(45);
    await agencyOf(due, { answeredDaysAgo: 40, linkUntil: daysAgo(100) });
    await agencyOf(due, { linkUntil: daysAgo(35) });
    const cutOffs = recordRetentionCutOffs(NOW, PERIODS);

    const dry = await retention().countDue(cutOffs);
    expect(dry.applications).toEqual({
      applications: 1,
      drafts: 3,
      files: 2,
      agencyNotifications: 2,
      agencyResponses: 1,
      links: 3,
      webhookEvents: 2,
      emails: 1,
    });
    expect(await leftOf(due)).toMatchObject({ application: true, drafts: 2, files: 2, events: 2, notifications: 2 });

    const done = await retention().deleteDue(cutOffs);
    expect(done.applications).toEqual(dry.applications);
    expect(await leftOf(due)).toEqual({ application: false, drafts: 0, files: 0, events: 0, emails: 0, notifications: 0 });
    expect(await count('SELECT 1 FROM agency_responses WHERE application_id = $1', [due.id])).toBe(0);
    expect(await count('SELECT 1 FROM evidence_file_chunks c WHERE NOT EXISTS (SELECT 1 FROM evidence_files f WHERE f.id = c.file_id)')).toBe(0);
    expect((await retention().countDue(cutOffs)).applications.applications).toBe(0);
  });

  it('never deletes one the caseworker system does not have in full, whatever its age, nor one handed over within the period', async () => {
    const kept = {
      notAcknowledged: await sentApplication(400, { eventStatus: 'pending' }),
      failed: await sentApplication(400, { eventStatus: 'failed' }),
      notDownloaded: await sentApplication(400, { downloaded: false }),
      emailToSend: await sentApplication(400, { pendingEmail: true }),
      recent: await sentApplication(29),
      agencyStillAnswering: await sentApplication(400),
      agencyAnsweredRecently: await sentApplication(400),
    };
    await agencyOf(kept.agencyStillAnswering, { linkUntil: daysAgo(-5) });
    await agencyOf(kept.agencyAnsweredRecently, { answeredDaysAgo: 10, linkUntil: daysAgo(100) });
    // An agency response not yet downloaded keeps it too.
    const responseNotDownloaded = await sentApplication(400);
    await agencyOf(responseNotDownloaded, { answeredDaysAgo: 100, linkUntil: daysAgo(100) });
    await q(`UPDATE evidence_files SET downloaded_at = NULL WHERE draft_id IN (SELECT id FROM drafts WHERE submitted_application_id = $1 AND id <> $2)`, [
      responseNotDownloaded.id,
      responseNotDownloaded.draftId,
    ]);

    const done = await retention().deleteDue(recordRetentionCutOffs(NOW, PERIODS));
    expect(done.applications.applications).toBe(0);
    for (const [name, application] of Object.entries({ ...kept, responseNotDownloaded })) {
      expect(await applicationExists(application.id), name).toBe(true);
    }
  });

  it('deletes delivery logs past their period: webhook and email attempts, and emails sent; never an email still to send or one that failed', async () => {
    await q('DELETE FROM outbox_attempts');
    await q('DELETE FROM email_attempts');
    const keptApplication = await sentApplication(10, { downloaded: false });
    const oldEvent = await event(keptApplication.id, 'delivered', daysAgo(100));
    const oldSent = await email(null, 'delivered', daysAgo(100));
    const oldFailed = await email(null, 'failed', daysAgo(100));
    const oldPending = await email(null, 'pending', daysAgo(100));
    const recentSent = await email(null, 'delivered', daysAgo(80));
    const cutOffs = recordRetentionCutOffs(NOW, PERIODS);

    const dry = await retention().countDue(cutOffs);
    // The old event's attempt; the failed and pending emails' attempts (their emails stay); the old sent email (its attempt goes with it).
    expect(dry.deliveryLogs).toEqual({ webhookAttempts: 1, emailAttempts: 2, sentEmails: 1 });
    const done = await retention().deleteDue(cutOffs);
    expect(done.deliveryLogs).toEqual(dry.deliveryLogs);

    expect(await count('SELECT 1 FROM outbox_attempts WHERE event_id = $1', [oldEvent])).toBe(0);
    // The event itself belongs to its application, which stays.
    expect(await count('SELECT 1 FROM outbox_events WHERE id = $1', [oldEvent])).toBe(1);
    expect(await count('SELECT 1 FROM email_outbox WHERE id = $1', [oldSent])).toBe(0);
    expect(await count('SELECT 1 FROM email_outbox WHERE id = ANY($1::uuid[])', [[oldFailed, oldPending, recentSent]])).toBe(3);
    expect(await count('SELECT 1 FROM email_attempts WHERE email_id = $1', [recentSent])).toBe(1);
    expect(await count('SELECT 1 FROM email_attempts WHERE email_id = ANY($1::uuid[])', [[oldFailed, oldPending]])).toBe(0);
  });
});
