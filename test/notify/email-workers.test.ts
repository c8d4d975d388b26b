import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devTransport } from '../../src/notify/dev-transport.ts';
import { createEmails } from '../../src/notify/emails.ts';
import { EmailWorker } from '../../src/notify/email-worker.ts';
import { notifyTransport } from '../../src/notify/notify-transport.ts';
import { createEmailOutbox } from '../../src/store/email-outbox.ts';
import { openStore, type AppStore } from '../../src/store/index.ts';
import { MINUTE, TestClock } from '../handoff/clock.ts';
import { SILENT } from '../handoff/fixtures.ts';
import { engines, type PreparedDatabase } from '../store/engines.ts';
import { NOTIFY_API_KEY, NOTIFY_SECRET, NOTIFY_SERVICE_ID, NOTIFY_TEMPLATES } from '../support/notify-env.ts';
import { FakeNotify } from './fake-notify.ts';

const TEMPLATES = { applicantConfirmation: NOTIFY_TEMPLATES.NOTIFY_TEMPLATE_APPLICANT_CONFIRMATION };

for (const engine of engines) {
  describe(`email workers (${engine.name})`, () => {
    const notify = new FakeNotify(NOTIFY_SERVICE_ID, NOTIFY_SECRET);
    const clock = new TestClock(new Date('2026-11-22T12:00:00Z'));
    const emails = createEmails({
      now: clock.now,
      contact: { email: 'help@example.com', phone: '020 7946 0000' },
      publicBaseUrl: 'http://localhost:3000',
      operatorEmail: undefined,
    });
    let prepared: PreparedDatabase | undefined;
    const stores: AppStore[] = [];
    /** The first process's store, and a second process's (the same one on PGlite). */
    const store = (index: 0 | 1): AppStore => {
      const found = stores[index];
      if (!found) throw new Error('The stores open in beforeAll');
      return found;
    };

    beforeAll(async () => {
      await notify.start();
      prepared = await engine.prepare();
      stores.push(await openStore({ ...prepared.options, session: { pruneIntervalMs: 0 } }));
      // A second process has its own pool; PGlite serves one process, so it shares the store.
      stores.push(engine.name === 'pglite' ? store(0) : await openStore({ ...prepared.options, session: { pruneIntervalMs: 0 } }));
    });
    afterAll(async () => {
      for (const store of new Set(stores)) await store.close();
      await prepared?.cleanup();
      await notify.stop();
    });

    const worker = (on: AppStore, name: string, options: { leaseMs?: number } = {}): EmailWorker =>
      new EmailWorker({
        outbox: createEmailOutbox(on.db),
        transport: notifyTransport({ apiKey: NOTIFY_API_KEY, baseUrl: notify.url, timeoutMs: 5000 }),
        templates: TEMPLATES,
        logger: SILENT,
        name,
        concurrency: 4,
        now: clock.now,
        random: () => 0.5,
        ...options,
      });

    const queue = (n: number) =>
      Promise.all(
        Array.from({ length: n }, (_, i) =>
          emails.queue(store(0).db, {
            kind: 'applicant-confirmation',
            to: `person${i}@example.com`,
            language: 'en',
            personalisation: { subject: `s${i}`, body: `b${i}` },
          }),
        ),
      );

    it('two workers racing send each email exactly once', async () => {
      const queued = await queue(20);
      const drain = async (w: EmailWorker): Promise<void> => {
        while ((await w.runOnce()) > 0);
      };
      await Promise.all([drain(worker(store(0), 'one')), drain(worker(store(1), 'two'))]);

      const references = notify.received.map((r) => r.reference);
      expect(references).toHaveLength(20);
      expect(new Set(references)).toEqual(new Set(queued.map((q) => q.id)));
      const outbox = createEmailOutbox(store(0).db);
      expect(await outbox.list({ status: 'delivered', limit: 100 })).toHaveLength(20);
      const [row] = await store(0).db.query<{ n: number }>('SELECT count(*)::int AS n FROM email_attempts');
      expect(row?.n).toBe(20);
    });

    it('an email whose worker died mid-attempt is sent again once its lease runs out, never before', async () => {
      notify.received.length = 0;
      const [email] = await queue(1);
      const outbox = createEmailOutbox(store(0).db);
      // "Dies": claims, then never sends or settles.
      expect(await outbox.claim({ worker: 'dead', transport: 'notify', now: clock.now(), limit: 1, leaseMs: 2 * MINUTE })).toHaveLength(1);
      const survivor = worker(store(1), 'survivor');
      expect(await survivor.runOnce()).toBe(0);
      clock.advance(2 * MINUTE);
      expect(await survivor.runOnce()).toBe(1);
      expect(notify.received.map((r) => r.reference)).toEqual([email?.id]);
      expect((await outbox.find(email?.id ?? ''))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    });

    it('the development transport keeps an email once, however often it is sent', async () => {
      const [email] = await queue(1);
      if (!email) throw new Error('nothing queued');
      const dev = devTransport(createEmailOutbox(store(0).db), clock.now);
      const outgoing = {
        emailId: email.id,
        kind: email.kind,
        emailAddress: email.emailAddress,
        language: email.language,
        templateId: undefined,
        personalisation: { subject: 's', body: 'b' },
      };
      expect(await dev.send(outgoing)).toMatchObject({ kind: 'sent' });
      expect(await dev.send(outgoing)).toMatchObject({ kind: 'sent' });
      const kept = (await createEmailOutbox(store(0).db).devEmails()).filter((e) => e.emailId === email.id);
      expect(kept).toHaveLength(1);
    });
  });
}
