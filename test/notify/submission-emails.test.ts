import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noScanner } from '../../src/evidence/index.ts';
import pino from 'pino';
import { devTransport } from '../../src/notify/dev-transport.ts';
import { createEmails } from '../../src/notify/emails.ts';
import { EmailWorker } from '../../src/notify/email-worker.ts';
import { allOnSubmitted, emailsOnSubmitted } from '../../src/notify/index.ts';
import { createEmailOutbox, type DevEmail } from '../../src/store/email-outbox.ts';
import { openStore } from '../../src/store/index.ts';
import { fosteringOnTime } from '../http/answers.ts';
import { Applicant, csrfTokenIn, startService, type TestService } from '../http/harness.ts';
import { submitApplication } from '../handoff/fixtures.ts';
import { sampleDocument } from '../support/sample-application.ts';
import { NOTIFY_ENV } from '../support/notify-env.ts';
import { PRODUCTION_SESSION_SECRET } from '../support/secrets.ts';

/** The in-process worker sends on its own: wait until the development mailbox has `count` emails. */
async function mailbox(service: TestService, count: number): Promise<DevEmail[]> {
  const outbox = createEmailOutbox(service.store.db);
  for (let tries = 0; tries < 100; tries += 1) {
    const emails = await outbox.devEmails();
    if (emails.length >= count) return emails;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the mailbox never had ${count} email(s)`);
}

async function submit(service: TestService, language: 'en' | 'cy'): Promise<string> {
  const person = new Applicant(service.app);
  if (language === 'cy') await person.get('/apply/decision-about?lang=cy');
  await person.answerAll(fosteringOnTime);
  const token = csrfTokenIn((await person.get('/apply/check-answers')).text);
  expect((await person.post('/apply/check-answers', {}, token)).headers.location).toBe('/apply/confirmation');
  // A second press (the back button, a double click) sends nothing more.
  expect((await person.post('/apply/check-answers', {}, token)).headers.location).toBe('/apply/confirmation');
  const [application] = await service.store.db.query<{ reference: string }>('SELECT reference FROM applications ORDER BY submitted_at DESC LIMIT 1');
  if (!application) throw new Error('no application');
  return application.reference;
}

describe('the applicant’s confirmation email, from the journey to /dev/emails (no NOTIFY_API_KEY)', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startService({ env: { PUBLIC_BASE_URL: 'http://localhost:3000' } });
  });
  afterAll(async () => {
    await service.close();
  });

  it('submitting writes exactly one confirmation email, which the worker puts in the development mailbox', async () => {
    const reference = await submit(service, 'en');
    const rows = await service.store.db.query<{ kind: string; email_address: string; language: string; application_id: string }>(
      `SELECT e.kind, e.email_address, e.language, e.application_id FROM email_outbox e JOIN applications a ON a.id = e.application_id WHERE a.reference = $1`,
      [reference],
    );
    expect(rows).toEqual([expect.objectContaining({ kind: 'applicant-confirmation', email_address: 'sam@example.com', language: 'en' })]);

    // A second worker (another process) races the service's own, which the submission woke.
    const second = new EmailWorker({
      outbox: createEmailOutbox(service.store.db),
      transport: devTransport(createEmailOutbox(service.store.db), () => new Date()),
      templates: {},
      logger: pino({ level: 'silent' }),
      name: 'second',
    });
    while ((await second.runOnce()) > 0);
    const [email] = await mailbox(service, 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Sent once, by one of them, in one attempt.
    expect(await service.store.db.query<{ outcome: string }>('SELECT outcome FROM email_attempts')).toEqual([{ outcome: 'delivered' }]);
    expect(await createEmailOutbox(service.store.db).devEmails()).toHaveLength(1);
    expect(email).toMatchObject({ kind: 'applicant-confirmation', emailAddress: 'sam@example.com', language: 'en' });
    const subject = email?.personalisation.subject ?? '';
    const body = email?.personalisation.body ?? '';
    expect(subject).toContain(reference);
    expect(body).toContain(`Your reference number is ${reference}`);
    // What happens next, and how to send documents later.
    expect(body).toMatch(/does not make the final decision: the agency’s decision maker does/);
    expect(body).toMatch(/video call.*speak to the panel/);
    expect(body).toMatch(/bring a supporter/);
    expect(body).toMatch(/about 3 weeks before the meeting/);
    expect(body).toMatch(/within 4 months/);
    expect(body).toMatch(/# Sending more documents\n\nYou cannot add documents to your application online\. .*reference number, IRM-/);
  });

  it('/dev/emails lists it, newest first, with its recipient, subject, body and working links, on a GOV.UK page', async () => {
    const res = await new Applicant(service.app).get('/dev/emails');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toContain('no-store');
    const html = res.text;
    expect(html).toContain('govuk-template');
    expect(html).toMatch(/<h1 class="govuk-heading-l">Emails \(development only\)<\/h1>/);
    expect(html).toContain('sam@example.com');
    expect(html).toMatch(/<h2 class="govuk-heading-m">We have your application for an independent review: IRM-/);
    expect(html).toContain('<h3 class="govuk-heading-s">What happens next</h3>');
    expect(html).toMatch(/<ul class="govuk-list govuk-list--bullet">\s*<li>The meeting is held by video call/);
    expect(html).toContain('<a class="govuk-link" href="http://localhost:3000/contact">http://localhost:3000/contact</a>');
    // The link works.
    expect((await new Applicant(service.app).get('/contact')).status).toBe(200);
  });

  it('in Welsh when the application was made in Welsh, and listed first', async () => {
    const reference = await submit(service, 'cy');
    const emails = await mailbox(service, 2);
    const welsh = emails.find((email) => email.personalisation.subject?.includes(reference));
    expect(welsh).toMatchObject({ language: 'cy' });
    expect(welsh?.personalisation.subject).toBe(`Mae eich cais am adolygiad annibynnol gennym: ${reference}`);
    expect(welsh?.personalisation.body).toContain(`Eich cyfeirnod yw ${reference}`);
    expect(welsh?.personalisation.body).toContain('http://localhost:3000/contact?lang=cy');
    const html = (await new Applicant(service.app).get('/dev/emails')).text;
    expect(html.indexOf(`gennym: ${reference}`)).toBeGreaterThan(-1);
    expect(html.indexOf(`gennym: ${reference}`)).toBeLessThan(html.indexOf('We have your application'));
  });
});

describe('the confirmation email is part of the submission’s transaction', () => {
  it('a submission that rolls back leaves no email behind', async () => {
    const emails = createEmails({
      contact: { email: 'help@example.com', phone: '020 7946 0000' },
      publicBaseUrl: 'http://localhost:3000',
      operatorEmail: undefined,
    });
    const store = await openStore({
      inMemory: true,
      session: { pruneIntervalMs: 0 },
      onSubmitted: allOnSubmitted(emailsOnSubmitted(emails), () => Promise.reject(new Error('the webhook event could not be written'))),
    });
    try {
      await expect(submitApplication(store, sampleDocument())).rejects.toThrow('could not be written');
      expect(await createEmailOutbox(store.db).list()).toEqual([]);
      expect(await store.db.query('SELECT 1 FROM applications')).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('/dev/emails in production', () => {
  it('is not there at all', async () => {
    const service = await startService({
      env: { NODE_ENV: 'production', SESSION_SECRET: PRODUCTION_SESSION_SECRET, CLAMD_HOST: '127.0.0.1', ...NOTIFY_ENV, NOTIFY_BASE_URL: 'http://127.0.0.1:9' },
      scanner: noScanner,
    });
    try {
      const res = await new Applicant(service.app).get('/dev/emails');
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('development only');
    } finally {
      await service.close();
    }
  });
});
