import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { insertAgencyNotification, type NewAgencyNotification } from '../../src/store/agency-notifications.ts';
import type { AgencyResponse } from '../../src/store/agency-responses.ts';
import { DraftNotFoundError, DraftSubmittedError } from '../../src/store/drafts.ts';
import { createEvidenceFileRepository } from '../../src/store/evidence-files.ts';
import { createOutbox, enqueueEvent } from '../../src/store/outbox.ts';
import { sampleDocument } from '../support/sample-application.ts';
import { engines, useStore } from './engines.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const LATER = new Date('2026-12-20T10:00:00Z');
const JOURNEY = { id: 'agency-response', version: 'v1' };

describe.each(engines)('agency notifications and responses on $name', (engine) => {
  const hooked: AgencyResponse[] = [];
  let failHook = false;
  const store = useStore(engine, {
    onAgencyResponseSubmitted: async (tx, response) => {
      await tx.query('SELECT 1');
      if (failHook) throw new Error('the webhook event could not be written');
      hooked.push(response);
    },
  });

  async function submitApplication() {
    const draft = await store().drafts.create('irm-application', '1');
    const { application } = await store().applications.submit({
      draftId: draft.id,
      journeyId: 'irm-application',
      journeyVersion: '1',
      route: 'adoption',
      late: false,
      data: sampleDocument({ route: 'adoption' }),
      newReference: () => `IRM-${randomUUID().slice(0, 8).toUpperCase()}`,
    });
    return application;
  }

  async function notified(extra: Partial<NewAgencyNotification> = {}) {
    const application = await submitApplication();
    const notification = await store().db.transaction((tx) =>
      insertAgencyNotification(tx, {
        applicationId: application.id,
        emailAddress: 'adoption@agency.example.org',
        recipientName: 'Adoption team',
        source: 'caseworker',
        sentAt: NOW,
        dueDate: '2026-12-04',
        linkExpiresAt: LATER,
        ...extra,
      }),
    );
    const { token } = await store().linkTokens.issue(store().db, { purpose: 'agency-response', subjectId: notification.id, expiresAt: LATER, now: NOW });
    return { application, notification, token };
  }

  it('records a notification and lists an application’s notifications oldest first, its due date a plain calendar date', async () => {
    const { application, notification } = await notified();
    const second = await store().db.transaction((tx) =>
      insertAgencyNotification(tx, {
        applicationId: application.id,
        emailAddress: 'other@agency.example.org',
        source: 'directory',
        sentAt: new Date(NOW.getTime() + 1000),
        dueDate: '2026-12-04',
        linkExpiresAt: LATER,
      }),
    );
    expect(notification).toMatchObject({
      applicationId: application.id,
      emailAddress: 'adoption@agency.example.org',
      recipientName: 'Adoption team',
      source: 'caseworker',
      sentAt: NOW,
      dueDate: '2026-12-04',
      linkExpiresAt: LATER,
      draftId: null,
    });
    expect(second.recipientName).toBeNull();
    expect((await store().agencyNotifications.listForApplication(application.id)).map((n) => n.id)).toEqual([notification.id, second.id]);
    expect(await store().agencyNotifications.get(notification.id)).toEqual(notification);
    expect(await store().agencyNotifications.get('not-an-id')).toBeUndefined();
  });

  it('refuses a source other than a caseworker or the directory: never an address only the applicant typed', async () => {
    const { application } = await notified();
    await expect(
      store().db.query(
        `INSERT INTO agency_notifications (application_id, email_address, source, sent_at, due_date, link_expires_at) VALUES ($1, 'x@example.org', 'applicant', now(), '2026-12-04', now())`,
        [application.id],
      ),
    ).rejects.toThrow();
  });

  it('finds the case a link opens without changing anything', async () => {
    const { application, notification, token } = await notified();
    const found = await store().agencyResponses.findByLink(token, NOW);
    expect(found).toEqual({
      notificationId: notification.id,
      applicationId: application.id,
      reference: application.reference,
      route: 'adoption',
      decisionDate: '2026-11-10',
      applicantName: 'Sam Jones',
      dueDate: '2026-12-04',
    });
    expect((await store().agencyNotifications.get(notification.id))?.draftId).toBeNull();
    expect(await store().agencyResponses.findByLink(token, LATER)).toBeUndefined();
    expect(await store().agencyResponses.findByLink(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, NOW)).toBeUndefined();
  });

  it('opens a link onto one draft per notification, the same one every time and for openings at once', async () => {
    const { notification, token } = await notified();
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => store().agencyResponses.openByLink(token, JOURNEY, NOW)));
    expect(a?.draftId).toBeDefined();
    expect(new Set([a?.draftId, b?.draftId, c?.draftId]).size).toBe(1);
    expect((await store().agencyResponses.openByLink(token, JOURNEY, NOW))?.draftId).toBe(a?.draftId);
    expect((await store().agencyNotifications.get(notification.id))?.draftId).toBe(a?.draftId);
    const draft = await store().drafts.get(a?.draftId ?? '');
    expect(draft).toMatchObject({ journeyId: 'agency-response', journeyVersion: 'v1', answers: {}, submittedApplicationId: null });
    expect(await store().agencyResponses.caseForDraft(a?.draftId ?? '')).toMatchObject({ notificationId: notification.id });
    expect(await store().agencyResponses.openByLink('malformed', JOURNEY, NOW)).toBeUndefined();
  });

  it('sends a response once, freezes its draft, uses up its links, and runs the hook in the same transaction', async () => {
    const { application, notification, token } = await notified();
    const opened = await store().agencyResponses.openByLink(token, JOURNEY, NOW);
    const draftId = opened?.draftId ?? '';
    await store().drafts.saveStep(draftId, 'liaison-officer', { liaisonName: 'Pat Lee' });
    expect(await store().agencyResponses.isOpen(draftId, NOW)).toBe(true);

    const data = { schemaVersion: 1, liaisonOfficer: { name: 'Pat Lee' } };
    const before = hooked.length;
    const results = await Promise.all(
      [1, 2].map(() => store().agencyResponses.submit({ draftId, journeyId: JOURNEY.id, journeyVersion: 'v1', data, now: NOW })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results[0]?.response.id).toBe(results[1]?.response.id);
    expect(hooked.length - before).toBe(1);
    const response = results[0]?.response;
    expect(response).toMatchObject({
      notificationId: notification.id,
      applicationId: application.id,
      reference: application.reference,
      route: 'adoption',
      draftId,
      journeyId: 'agency-response',
      data,
      submittedAt: NOW,
    });

    // Frozen, the way every submitted draft is: no more answers.
    await expect(store().drafts.saveStep(draftId, 'liaison-officer', { liaisonName: 'Someone else' })).rejects.toThrow(DraftSubmittedError);
    expect(await store().agencyResponses.findByLink(token, NOW)).toBeUndefined();
    expect(await store().agencyResponses.openByLink(token, JOURNEY, NOW)).toBeUndefined();
    // Its confirmation can still be shown.
    expect(await store().agencyResponses.isOpen(draftId, NOW)).toBe(true);
    expect(await store().agencyResponses.forDraft(draftId)).toEqual(response);
    expect(await store().agencyResponses.get(response?.id ?? '')).toEqual(response);
    expect((await store().agencyResponses.listForApplication(application.id)).map((r) => r.id)).toEqual([response?.id]);
  });

  it('leaves nothing behind when the hook fails: no response, the draft unfrozen, the link still working', async () => {
    const { token } = await notified();
    const draftId = (await store().agencyResponses.openByLink(token, JOURNEY, NOW))?.draftId ?? '';
    failHook = true;
    try {
      await expect(store().agencyResponses.submit({ draftId, journeyId: JOURNEY.id, journeyVersion: 'v1', data: {}, now: NOW })).rejects.toThrow(
        'could not be written',
      );
    } finally {
      failHook = false;
    }
    expect(await store().agencyResponses.forDraft(draftId)).toBeUndefined();
    expect((await store().drafts.get(draftId))?.submittedApplicationId).toBeNull();
    expect(await store().agencyResponses.findByLink(token, NOW)).toBeDefined();
  });

  it('refuses to send a draft that is no notification’s', async () => {
    const draft = await store().drafts.create('agency-response', 'v1');
    await expect(store().agencyResponses.submit({ draftId: draft.id, journeyId: JOURNEY.id, journeyVersion: 'v1', data: {}, now: NOW })).rejects.toThrow(
      DraftNotFoundError,
    );
  });

  it('closes a draft whose link was revoked or ran out', async () => {
    const { notification, token } = await notified();
    const draftId = (await store().agencyResponses.openByLink(token, JOURNEY, NOW))?.draftId ?? '';
    expect(await store().agencyResponses.isOpen(draftId, LATER)).toBe(false);
    expect(await store().linkTokens.revokeForSubject(store().db, 'agency-response', notification.id, NOW)).toBe(1);
    expect(await store().agencyResponses.isOpen(draftId, NOW)).toBe(false);
    expect(await store().agencyResponses.isOpen(randomUUID(), NOW)).toBe(false);
  });

  it('keeps agency documents as evidence files of their own role', async () => {
    const { token } = await notified();
    const draftId = (await store().agencyResponses.openByLink(token, JOURNEY, NOW))?.draftId ?? '';
    const bytes = Buffer.from('%PDF-1.7 panel report');
    const file = await createEvidenceFileRepository(store().db).add(
      {
        draftId,
        role: 'agency-document',
        name: 'Form F.pdf',
        size: bytes.length,
        type: 'application/pdf',
        sha256: createHash('sha256').update(bytes).digest('hex'),
        scan: 'clean',
      },
      (async function* () {
        yield bytes;
      })(),
    );
    expect(file.role).toBe('agency-document');
    await expect(store().db.query(`UPDATE evidence_files SET role = 'something-else' WHERE id = $1`, [file.id])).rejects.toThrow();
  });

  it('puts an agency_response.submitted event in the outbox, with the response it is about', async () => {
    const { token } = await notified();
    const draftId = (await store().agencyResponses.openByLink(token, JOURNEY, NOW))?.draftId ?? '';
    const { response } = await store().agencyResponses.submit({ draftId, journeyId: JOURNEY.id, journeyVersion: 'v1', data: {}, now: NOW });
    await store().db.exec('DELETE FROM outbox_attempts; DELETE FROM outbox_events;');
    const event = await store().db.transaction((tx) =>
      enqueueEvent(tx, { type: 'agency_response.submitted', applicationId: response.applicationId, agencyResponseId: response.id, now: NOW }),
    );
    expect(event).toMatchObject({ type: 'agency_response.submitted', applicationId: response.applicationId, agencyResponseId: response.id });
    const [claimed] = await createOutbox(store().db).claim({ worker: 'w', endpoint: 'https://example.org/hook', now: NOW, limit: 5, leaseMs: 60_000 });
    expect(claimed).toMatchObject({ eventId: event.id, agencyResponseId: response.id });
  });
});
