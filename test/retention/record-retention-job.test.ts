import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDraftRetention } from '../../src/retention/draft-retention-job.ts';
import { runRetentionCommand } from '../../src/retention/retention-command.ts';
import { createDraftRetentionRepository } from '../../src/store/draft-retention.ts';
import { openStore, type AppStore } from '../../src/store/index.ts';
import { createRecordRetentionRepository } from '../../src/store/record-retention.ts';
import { DAY, HOUR, TestClock } from '../handoff/clock.ts';
import { submitApplication } from '../handoff/fixtures.ts';

/**
 * The hourly retention job and `npm run ops -- retention` with sent
 * applications and delivery logs: the job deletes them in its run, the
 * command's dry run reports each kind and deletes nothing.
 */

const START = new Date('2027-01-01T09:00:00Z');
const PERIODS = { applicationDays: 30, deliveryLogDays: 90 };

let store: AppStore;
const clock = new TestClock(START);
beforeAll(async () => {
  store = await openStore({ inMemory: true, session: { pruneIntervalMs: 0 }, now: clock.now });
});
afterAll(async () => {
  await store.close();
});

/** A sent application (no files) whose webhook event the caseworker system acknowledged now, with an email sent now. */
async function deliveredApplication(): Promise<string> {
  const application = await submitApplication(store);
  const [event] = await store.db.query<{ id: string }>(
    `INSERT INTO outbox_events (webhook_id, type, application_id, status, created_at, next_attempt_at, delivered_at)
     VALUES ($1, 'application.submitted', $2, 'delivered', $3, $3, $3) RETURNING id`,
    [`msg_${randomUUID()}`, application.id, clock.now()],
  );
  await store.db.query(
    `INSERT INTO outbox_attempts (id, event_id, attempt, worker, endpoint, started_at, outcome) VALUES ($1, $2, 1, 'w', 'https://x.example', $3, 'delivered')`,
    [randomUUID(), event?.id, clock.now()],
  );
  await store.db.query(
    `INSERT INTO email_outbox (kind, application_id, email_address, language, status, created_at, next_attempt_at, delivered_at)
     VALUES ('applicant-confirmation', NULL, 'a@example.com', 'en', 'delivered', $1, $1, $1)`,
    [clock.now()],
  );
  return application.id;
}

const exists = async (id: string) => (await store.db.query('SELECT 1 FROM applications WHERE id = $1', [id])).length === 1;

describe('the retention job with records', () => {
  it('deletes, in its run, the sent applications and delivery logs past their time, and says what it deleted', async () => {
    clock.set(START);
    const old = await deliveredApplication();
    clock.advance(100 * DAY);
    const recent = await deliveredApplication();
    clock.advance(DAY);
    const job = startDraftRetention({
      retention: createDraftRetentionRepository(store.db),
      retentionDays: 28,
      intervalMs: HOUR,
      now: clock.now,
      logger: pino({ level: 'silent' }),
      records: { retention: createRecordRetentionRepository(store.db), periods: PERIODS },
    });
    try {
      const run = await job.runOnce();
      expect(run.records?.applications).toMatchObject({ applications: 1, webhookEvents: 1 });
      expect(run.records?.deliveryLogs).toEqual({ webhookAttempts: 1, emailAttempts: 0, sentEmails: 1 });
      expect(await exists(old)).toBe(false);
      expect(await exists(recent)).toBe(true);
    } finally {
      await job.stop();
    }
  });
});

describe('npm run ops -- retention, with records', () => {
  const run = async (args: string[]) => {
    const out: string[] = [];
    const code = await runRetentionCommand(args, {
      retentionDays: 28,
      recordPeriods: PERIODS,
      now: clock.now,
      out: (line) => out.push(line),
      open: () =>
        Promise.resolve({
          retention: createDraftRetentionRepository(store.db),
          records: createRecordRetentionRepository(store.db),
          close: () => Promise.resolve(),
        }),
    });
    return { code, out: out.join('\n') };
  };

  it('--dry-run reports each kind and deletes nothing; without it, deletes them and says so', async () => {
    clock.set(new Date(START.getTime() + 1000 * DAY));
    await run([]);
    const due = await deliveredApplication();
    clock.advance(91 * DAY);

    const dry = await run(['--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(
      `Sent applications delivered and downloaded before ${new Date(clock.now().getTime() - 30 * DAY).toISOString()} (APPLICATION_RETENTION_DAYS=30):`,
    );
    expect(dry.out).toContain(
      'would delete 1 application(s), 1 draft(s), 0 file(s), 0 agency notification(s), 0 agency response(s), 0 link(s), 1 webhook event(s), 0 email(s) (dry run: nothing deleted)',
    );
    expect(dry.out).toContain('(DELIVERY_LOG_RETENTION_DAYS=90):');
    expect(dry.out).toContain('would delete 1 webhook attempt(s), 0 email attempt(s), 1 sent email(s) (dry run: nothing deleted)');
    expect(await exists(due)).toBe(true);

    const real = await run([]);
    expect(real.out).toContain('deleted 1 application(s), 1 draft(s), 0 file(s)');
    expect(real.out).toContain('deleted 1 webhook attempt(s), 0 email attempt(s), 1 sent email(s)');
    expect(await exists(due)).toBe(false);
    expect((await run(['--dry-run'])).out).toContain('would delete 0 application(s)');
  });
});
