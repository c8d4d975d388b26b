import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideEmail } from '../../src/notify/retry-policy.ts';
import { bodyBlocks } from '../../src/notify/dev-emails-page.ts';
import { createEmails } from '../../src/notify/emails.ts';
import { operatorAlerts } from '../../src/notify/index.ts';
import { applicantConfirmation } from '../../src/notify/messages.ts';
import { createEmailOutbox } from '../../src/store/email-outbox.ts';
import { openStore, type AppStore } from '../../src/store/index.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const CONTACT = { email: 'help@example.com', phone: '020 7946 0000' };

describe('operator alerts from the webhook delivery worker', () => {
  let store: AppStore;
  beforeAll(async () => {
    store = await openStore({ inMemory: true, session: { pruneIntervalMs: 0 } });
  });
  afterAll(async () => {
    await store.close();
  });

  it('log ALERT: and queue an email to OPERATOR_EMAIL with no personal data', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(line) });
    const emails = createEmails({ now: () => NOW, contact: CONTACT, publicBaseUrl: 'http://localhost:3000', operatorEmail: 'ops@example.org.uk' });
    const alert = operatorAlerts({ emails, db: store.db, logger });
    alert({
      kind: 'event-failed',
      message: 'webhook msg_1 could not be delivered after 10 attempts',
      eventId: 'e1',
      webhookId: 'msg_1',
      endpoint: 'https://caseworker.example/hook',
    });
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(lines.join('')).toContain('ALERT: webhook msg_1 could not be delivered');
    const [email] = await createEmailOutbox(store.db).list();
    expect(email).toMatchObject({ kind: 'operator-alert', emailAddress: 'ops@example.org.uk', language: 'en', applicationId: null, status: 'pending' });
    expect(email?.personalisation?.subject).toBe('IRM applicant service alert: event-failed');
    expect(email?.personalisation?.body).toContain('webhook msg_1 could not be delivered after 10 attempts');
  });

  it('without OPERATOR_EMAIL, are only logged', async () => {
    const emails = createEmails({ now: () => NOW, contact: CONTACT, publicBaseUrl: 'http://localhost:3000', operatorEmail: undefined });
    expect(await emails.operatorAlert(store.db, { kind: 'email-failed', message: 'x' })).toBeUndefined();
  });
});

describe('email retry rules', () => {
  const at = (attempt: number, result: Parameters<typeof decideEmail>[0]) => decideEmail(result, attempt, NOW, () => 0.5).kind;

  it.each([
    [{ kind: 'sent', durationMs: 1 } as const, 'delivered'],
    [{ kind: 'refused', status: 500, error: 'x', durationMs: 1 } as const, 'retry'],
    [{ kind: 'refused', status: 503, error: 'x', durationMs: 1 } as const, 'retry'],
    [{ kind: 'refused', status: 429, error: 'x', durationMs: 1 } as const, 'retry'],
    [{ kind: 'error', error: 'ECONNRESET', durationMs: 1 } as const, 'retry'],
    [{ kind: 'refused', status: 400, error: 'x', durationMs: 1 } as const, 'failed'],
    [{ kind: 'refused', status: 403, error: 'x', durationMs: 1 } as const, 'failed'],
  ])('%o on a first attempt: %s', (result, expected) => {
    expect(at(1, result)).toBe(expected);
  });

  it('gives up after the last scheduled retry (10 attempts)', () => {
    expect(at(9, { kind: 'error', error: 'x', durationMs: 1 })).toBe('retry');
    expect(at(10, { kind: 'error', error: 'x', durationMs: 1 })).toBe('failed');
  });
});

describe('the words', () => {
  it('every paragraph of the confirmation becomes a block on /dev/emails, headings and bullets included', () => {
    const { body = '' } = applicantConfirmation('en', { reference: 'IRM-ABCD-1234', contact: CONTACT, publicBaseUrl: 'https://apply.example' });
    const blocks = bodyBlocks(body);
    expect(blocks.filter((b) => 'heading' in b)).toHaveLength(4);
    expect(blocks.filter((b) => 'bullets' in b)).toEqual([{ bullets: [expect.any(Array), expect.any(Array), expect.any(Array)] }]);
    expect(blocks.at(-2)).toEqual({
      paragraph: [
        { text: 'If you have a question, email help@example.com or call 020 7946 0000. Other ways to contact us: ' },
        { text: 'https://apply.example/contact', href: 'https://apply.example/contact' },
      ],
    });
  });

  it('Welsh for a Welsh application, with a Welsh link', () => {
    const words = applicantConfirmation('cy', { reference: 'IRM-ABCD-1234', contact: CONTACT, publicBaseUrl: 'https://apply.example' });
    expect(words.subject).toBe('Mae eich cais am adolygiad annibynnol gennym: IRM-ABCD-1234');
    expect(words.body).toContain('https://apply.example/contact?lang=cy');
    expect(words.body).toContain('Mecanwaith Adolygu Annibynnol');
  });
});
