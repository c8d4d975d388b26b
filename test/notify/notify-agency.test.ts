import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEmails } from '../../src/notify/emails.ts';
import { createNotifyAgency } from '../../src/notify/notify-agency.ts';
import { createWorkingDayCalendar } from '../../src/rules/working-days.ts';
import { createEmailOutbox } from '../../src/store/email-outbox.ts';
import { openStore, type AppStore, type OnSubmitted } from '../../src/store/index.ts';
import { hashLinkToken } from '../../src/store/link-tokens.ts';
import { sampleDocument } from '../support/sample-application.ts';
import { engines } from '../store/engines.ts';

/**
 * notifyAgency as the agency directory will use it: from the applicant's
 * submission transaction (the store's onSubmitted hook), with source
 * 'directory'. All of it commits with the application, or none of it.
 */

const NOW = new Date('2026-11-22T12:00:00Z');
const contact = { email: 'help@example.com', phone: '020 7946 0000' };
const emails = createEmails({ contact, publicBaseUrl: 'https://apply-irm.example.gov.uk', operatorEmail: undefined });
const notifyAgency = createNotifyAgency({
  emails,
  contact,
  publicBaseUrl: 'https://apply-irm.example.gov.uk',
  calendar: createWorkingDayCalendar(),
  linkGraceDays: 10,
});

async function submit(store: AppStore, applicantName = 'Sam Jones') {
  const draft = await store.drafts.create('irm-application', '1');
  const document = sampleDocument({ route: 'adoption' });
  return store.applications.submit({
    draftId: draft.id,
    journeyId: 'irm-application',
    journeyVersion: '1',
    route: 'adoption',
    late: false,
    data: { ...document, applicant: { ...document.applicant, fullName: applicantName } },
    newReference: () => `IRM-${randomUUID().slice(0, 8).toUpperCase()}`,
  });
}

describe.each(engines)('notifyAgency in the applicant’s submission on $name', (engine) => {
  async function withStore(onSubmitted: OnSubmitted, run: (store: AppStore) => Promise<void>): Promise<void> {
    const prepared = await engine.prepare();
    const store = await openStore({ ...prepared.options, session: { pruneIntervalMs: 0 }, onSubmitted });
    try {
      await run(store);
    } finally {
      await store.close();
      await prepared.cleanup();
    }
  }

  it('records the notification, issues its link and queues the email, with the submission', async () => {
    const directory: OnSubmitted = async (tx, application) => {
      await notifyAgency(tx, { application, email: 'adoption@north.example.gov.uk', name: 'Adopt North', source: 'directory' }, NOW);
    };
    await withStore(directory, async (store) => {
      const { application } = await submit(store, 'Sam [Jones](https://evil.example) #1');
      const [notification] = await store.agencyNotifications.listForApplication(application.id);
      expect(notification).toMatchObject({
        emailAddress: 'adoption@north.example.gov.uk',
        recipientName: 'Adopt North',
        source: 'directory',
        sentAt: NOW,
        dueDate: '2026-12-04',
        linkExpiresAt: new Date('2026-12-15T00:00:00Z'),
      });
      const [email] = await createEmailOutbox(store.db).find(application.id);
      expect(email).toMatchObject({ kind: 'agency-notification', emailAddress: 'adoption@north.example.gov.uk', language: 'en' });
      const body = email?.personalisation?.body ?? '';
      const token = /\/respond\/([A-Za-z0-9_-]{43})$/m.exec(body)?.[1] ?? '';
      const [link] = await store.linkTokens.listForSubject('agency-response', notification?.id ?? '');
      const [stored] = await store.db.query<{ token_hash: string }>('SELECT token_hash FROM link_tokens WHERE id = $1', [link?.id]);
      expect(stored?.token_hash).toBe(hashLinkToken(token));
      expect(body).toMatch(/^Dear Adopt North,/);
      // The applicant typed their name: in the email it can be no link and no heading.
      expect(body).toContain('* Applicant: Sam Jones https evil example\n');
      expect(body).not.toContain('[Jones]');
    });
  });

  it('leaves nothing behind when the submission rolls back', async () => {
    const failing: OnSubmitted = async (tx, application) => {
      await notifyAgency(tx, { application, email: 'adoption@north.example.gov.uk', source: 'directory' }, NOW);
      throw new Error('the webhook event could not be written');
    };
    await withStore(failing, async (store) => {
      await expect(submit(store)).rejects.toThrow('could not be written');
      for (const table of ['applications', 'agency_notifications', 'link_tokens', 'email_outbox']) {
        expect(await store.db.query(`SELECT 1 FROM ${table}`), table).toEqual([]);
      }
    });
  });
});
