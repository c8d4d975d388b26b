import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmails } from '../../src/notify/emails.ts';
import { EmailWorker, type FailedEmail } from '../../src/notify/email-worker.ts';
import { notifyTransport } from '../../src/notify/notify-transport.ts';
import { createEmailOutbox } from '../../src/store/email-outbox.ts';
import { openStore, type AppStore } from '../../src/store/index.ts';
import { MINUTE, SECOND, TestClock } from '../handoff/clock.ts';
import { SILENT } from '../handoff/fixtures.ts';
import { NOTIFY_API_KEY, NOTIFY_SECRET, NOTIFY_SERVICE_ID, NOTIFY_TEMPLATES } from '../support/notify-env.ts';
import { FakeNotify } from './fake-notify.ts';

const TEMPLATES = {
  applicantConfirmation: NOTIFY_TEMPLATES.NOTIFY_TEMPLATE_APPLICANT_CONFIRMATION,
  operatorAlert: NOTIFY_TEMPLATES.NOTIFY_TEMPLATE_OPERATOR_ALERT,
};
const OPERATOR = 'irm-ops@example.org.uk';

describe('the GOV.UK Notify transport, against a local Notify', () => {
  const notify = new FakeNotify(NOTIFY_SERVICE_ID, NOTIFY_SECRET);
  const clock = new TestClock(new Date('2026-11-22T12:00:00Z'));
  const failures: FailedEmail[] = [];
  let store: AppStore;
  const emails = createEmails({
    now: clock.now,
    contact: { email: 'help@example.com', phone: '020 7946 0000' },
    publicBaseUrl: 'https://apply-irm.example.gov.uk',
    operatorEmail: OPERATOR,
  });

  const worker = (apiKey = NOTIFY_API_KEY, timeoutMs = 5000, baseUrl = notify.url): EmailWorker =>
    new EmailWorker({
      outbox: createEmailOutbox(store.db),
      transport: notifyTransport({ apiKey, baseUrl, timeoutMs }),
      templates: TEMPLATES,
      logger: SILENT,
      now: clock.now,
      random: () => 0.5,
      onFailed: (failed) => {
        failures.push(failed);
        void emails.operatorAlert(store.db, { kind: 'email-failed', message: `email ${failed.emailId} failed: ${failed.error}` });
      },
    });

  const queueOne = () =>
    emails.queue(store.db, {
      kind: 'applicant-confirmation',
      to: 'sam@example.com',
      language: 'en',
      personalisation: { subject: 'We have your application: IRM-TEST-0001', body: 'Your reference number is IRM-TEST-0001.' },
    });

  beforeAll(async () => {
    await notify.start();
    store = await openStore({ inMemory: true, session: { pruneIntervalMs: 0 } });
  });
  afterAll(async () => {
    await store.close();
    await notify.stop();
  });
  beforeEach(async () => {
    await store.db.exec('DELETE FROM email_attempts; DELETE FROM email_outbox;');
    notify.received.length = 0;
    notify.rejected.length = 0;
    notify.replies.length = 0;
    failures.length = 0;
  });

  it('sends what Notify expects: a JWT from the key, the template, the address, the words, and the outbox id as reference', async () => {
    const queued = await queueOne();
    expect(await worker().runOnce()).toBe(1);

    expect(notify.rejected).toEqual([]);
    expect(notify.received).toEqual([
      {
        templateId: TEMPLATES.applicantConfirmation,
        emailAddress: 'sam@example.com',
        personalisation: { subject: 'We have your application: IRM-TEST-0001', body: 'Your reference number is IRM-TEST-0001.' },
        // No personal data: the outbox row's id.
        reference: queued.id,
      },
    ]);
    const [sent] = await createEmailOutbox(store.db).find(queued.id);
    expect(sent).toMatchObject({ status: 'delivered', attempts: 1, providerId: 'notify-1', lastError: null });
    // The words (and any links in them) do not stay in the database once sent.
    expect(sent?.personalisation).toBeNull();
    // Sent once: nothing is due any more.
    expect(await worker().runOnce()).toBe(0);
  });

  it('retries after a 500 and a 429, on the schedule, and sends once', async () => {
    const queued = await queueOne();
    notify.replies.push({ status: 500, body: { errors: [{ error: 'Exception', message: 'Internal server error' }] } });
    notify.replies.push({ status: 429, body: { errors: [{ error: 'RateLimitError', message: 'Exceeded rate limit' }] } });
    const sender = worker();

    expect(await sender.runOnce()).toBe(1);
    // Not due again until the first retry's time (5 s).
    expect(await sender.runOnce()).toBe(0);
    clock.advance(5 * SECOND);
    expect(await sender.runOnce()).toBe(1);
    clock.advance(4 * MINUTE);
    expect(await sender.runOnce()).toBe(0);
    clock.advance(1 * MINUTE);
    expect(await sender.runOnce()).toBe(1);

    expect(notify.received.map((r) => r.reference)).toEqual([queued.id, queued.id, queued.id]);
    const outbox = createEmailOutbox(store.db);
    expect((await outbox.find(queued.id))[0]).toMatchObject({ status: 'delivered', attempts: 3 });
    expect((await outbox.attempts(queued.id)).map((a) => [a.statusCode, a.outcome, a.transport])).toEqual([
      [500, 'retry', 'notify'],
      [429, 'retry', 'notify'],
      [null, 'delivered', 'notify'],
    ]);
    expect(failures).toEqual([]);
  });

  it('records a 400, does not retry it, and alerts the operator by email (but never alerts about a failed alert)', async () => {
    const queued = await queueOne();
    notify.replies.push({ status: 400, body: { errors: [{ error: 'BadRequestError', message: 'Missing personalisation: name' }] } });
    const sender = worker();
    await sender.runOnce();

    const outbox = createEmailOutbox(store.db);
    const [failed] = await outbox.find(queued.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed?.lastError).toMatch(/^HTTP 400: .*Missing personalisation: name/);
    expect(failures).toEqual([expect.objectContaining({ emailId: queued.id, kind: 'applicant-confirmation', attempts: 1 })]);

    // The alert is an email of its own, to OPERATOR_EMAIL, through the same outbox.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [alert] = await outbox.list({ status: 'pending' });
    expect(alert).toMatchObject({ kind: 'operator-alert', emailAddress: OPERATOR, language: 'en' });
    expect(alert?.personalisation?.body).toContain(queued.id);
    expect(alert?.personalisation?.body).not.toContain('sam@example.com');

    // Nothing more for the failed email, however long we wait.
    clock.advance(7 * 24 * 60 * MINUTE);
    notify.replies.push({ status: 400, body: { errors: [{ error: 'BadRequestError', message: 'template not found' }] } });
    expect(await sender.runOnce()).toBe(1);
    expect(notify.received.map((r) => r.templateId)).toEqual([TEMPLATES.applicantConfirmation, TEMPLATES.operatorAlert]);
    // The alert failed too: logged, but no alert about the alert.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(failures).toHaveLength(1);
    expect(await outbox.list({ status: 'pending' })).toEqual([]);
  });

  it('keeps a failed email’s words, so that it can be sent again once the cause is fixed', async () => {
    const queued = await queueOne();
    notify.replies.push({ status: 400, body: { errors: [{ error: 'BadRequestError', message: 'Template not found' }] } });
    const sender = worker();
    await sender.runOnce();
    const outbox = createEmailOutbox(store.db);
    expect((await outbox.find(queued.id))[0]).toMatchObject({ status: 'failed', personalisation: { subject: 'We have your application: IRM-TEST-0001' } });
    await store.db.exec(`DELETE FROM email_outbox WHERE kind = 'operator-alert'`);

    expect(await outbox.resend({ emailId: queued.id, now: clock.now() })).toBe(1);
    // Only failed emails: a second resend finds nothing to do.
    expect(await outbox.resend({ emailId: queued.id, now: clock.now() })).toBe(0);
    expect(await sender.runOnce()).toBe(1);
    expect((await outbox.find(queued.id))[0]).toMatchObject({ status: 'delivered', attempts: 2, personalisation: null });
    expect(notify.received.map((r) => r.reference)).toEqual([queued.id, queued.id]);
  });

  it('treats a 403 (a wrong key: the signature does not verify) as failed at once', async () => {
    const queued = await queueOne();
    await worker(`irm_test-${NOTIFY_SERVICE_ID}-${randomUUID()}`).runOnce();
    expect(notify.rejected).toEqual(['bad signature']);
    expect((await createEmailOutbox(store.db).find(queued.id))[0]).toMatchObject({ status: 'failed' });
    expect(failures).toHaveLength(1);
  });

  it('retries when Notify cannot be reached or does not answer in time', async () => {
    const queued = await queueOne();
    // A port nobody listens on (loopback only: no other network).
    await worker(NOTIFY_API_KEY, 5000, 'http://127.0.0.1:9').runOnce();
    clock.advance(5 * SECOND);
    notify.replies.push({ status: 0, hang: true });
    await worker(NOTIFY_API_KEY, 300).runOnce();

    const attempts = await createEmailOutbox(store.db).attempts(queued.id);
    expect(attempts.map((a) => a.outcome)).toEqual(['retry', 'retry']);
    expect(attempts[0]?.error).toMatch(/ECONNREFUSED/);
    expect(attempts[1]?.error).toBe('timed out after 300 ms');
    expect((await createEmailOutbox(store.db).find(queued.id))[0]).toMatchObject({ status: 'pending' });
    expect(failures).toEqual([]);
  });
});
