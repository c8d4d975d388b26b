import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDelivery, type RunningDelivery } from '../../src/handoff/index.ts';
import { loadConfig } from '../../src/config.ts';
import { engines } from '../store/engines.ts';
import { SECOND, TestClock, verifyAt } from './clock.ts';
import { makeWorker, useReceiver, newSecret, PUBLIC_BASE_URL, SILENT, submitApplication, useHandoffDatabase } from './fixtures.ts';
import { Receiver } from './receiver.ts';

/** Polls until `check` passes (for work another process or loop is doing). */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await delay(25);
  }
}

for (const engine of engines) {
  describe(`delivery workers (${engine.name})`, () => {
    const clock = new TestClock();
    const db = useHandoffDatabase(engine, clock);
    const receiver = useReceiver(db, clock);
    const secret = newSecret();

    it('two workers racing over one outbox deliver each event exactly once, never two at a time', async () => {
      // A little latency in the consumer, so that deliveries overlap.
      receiver.respond = async () => {
        await delay(Math.floor(Math.random() * 15));
        return { status: 200 };
      };
      const realTime = { now: () => new Date() };
      const options = { concurrency: 4, pollIntervalMs: 20, now: realTime.now };
      const second = await db.another();
      const workers = [
        makeWorker({ store: db.store(), url: receiver.url, secrets: [secret], clock, options: { ...options, name: 'worker-a' } }),
        makeWorker({ store: second, url: receiver.url, secrets: [secret], clock, options: { ...options, name: 'worker-b' } }),
      ];
      for (const worker of workers) worker.start();
      try {
        for (let i = 0; i < 40; i += 1) await submitApplication(db.store());
        await receiver.waitFor(40);
        await eventually(async () => (await db.outbox().counts()).delivered === 40, 'all 40 delivered');
      } finally {
        await Promise.all(workers.map((w) => w.stop()));
      }

      expect(receiver.received).toHaveLength(40);
      expect(new Set(receiver.ids()).size).toBe(40);
      expect(receiver.maxInFlightPerId).toBe(1);
      const events = await db.outbox().list({ limit: 100 });
      expect(events.every((e) => e.attempts === 1)).toBe(true);
      for (const delivery of receiver.received) expect(verifyAt(new Date(), secret, delivery.body, delivery.headers)).toBeTruthy();
    });

    describe('in the web process', () => {
      let delivery: RunningDelivery | undefined;
      afterEach(async () => {
        db.onEnqueued = undefined;
        await delivery?.stop();
        delivery = undefined;
      });

      it('sends a new submission straight away rather than at the next poll', async () => {
        receiver.respond = () => ({ status: 200 });
        const config = loadConfig({
          NODE_ENV: 'test',
          PUBLIC_BASE_URL,
          WEBHOOK_URL: receiver.url,
          WEBHOOK_SECRET: secret,
          WEBHOOK_POLL_SECONDS: '300',
          // On PostgreSQL the worker also listens for the commit's NOTIFY.
          DATABASE_URL: engine.name === 'postgres' ? await db.databaseUrl() : undefined,
        });
        delivery = startDelivery({ config, store: db.store(), logger: SILENT });
        db.onEnqueued = () => delivery?.worker.wake();
        // Let the worker's first look find nothing and settle into its five-minute wait.
        await delay(200);
        const application = await submitApplication(db.store());
        await receiver.waitFor(1);
        const event = verifyAt(new Date(), secret, receiver.received[0]?.body ?? '', receiver.received[0]?.headers ?? {});
        expect(event).toMatchObject({ data: { applicationId: application.id } });
      });
    });
  });
}

const postgres = engines.filter((engine) => engine.name === 'postgres');
for (const engine of postgres) {
  describe('the separate worker process (postgres)', () => {
    const clock = new TestClock();
    const db = useHandoffDatabase(engine, clock);
    const receiver = new Receiver();
    const secret = newSecret();
    let child: ChildProcess | undefined;
    beforeAll(async () => {
      await receiver.start();
    });
    afterAll(async () => {
      child?.kill('SIGKILL');
      await receiver.stop();
    });

    it('delivers what the web process enqueues, and when killed mid-delivery the event is sent again, same webhook-id, once the lease expires', async () => {
      receiver.respond = (_request, index) => (index === 0 ? { status: 200 } : { hang: true });
      const databaseUrl = await db.databaseUrl();
      child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          LOG_LEVEL: 'info',
          DATABASE_URL: databaseUrl,
          PUBLIC_BASE_URL,
          WEBHOOK_URL: receiver.url,
          WEBHOOK_SECRET: secret,
          WEBHOOK_POLL_SECONDS: '300',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await eventually(async () => output.includes('delivering webhooks'), `the worker to start:\n${output}`);

      // Woken by NOTIFY when the submission commits: the poll is five minutes away.
      const first = await submitApplication(db.store());
      await receiver.waitFor(1);
      await eventually(async () => (await db.outbox().find(first.id))[0]?.status === 'delivered', 'the first event to be marked delivered');

      clock.set(new Date());
      const second = await submitApplication(db.store());
      await receiver.waitFor(2);
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;

      const [event] = await db.outbox().find(second.id);
      expect(event).toMatchObject({ status: 'pending', attempts: 1 });
      const [dead] = await db.outbox().attempts(event?.id ?? '');
      expect(dead).toMatchObject({ finishedAt: null, worker: expect.stringContaining(`:${String(child.pid)}:`) as unknown });

      // The dead worker's lease (the 15 s timeout plus a minute) holds until it runs out.
      const survivor = makeWorker({ store: db.store(), url: receiver.url, secrets: [secret], clock });
      receiver.respond = () => ({ status: 200 });
      expect(await survivor.runOnce()).toBe(0);
      clock.set(new Date((event?.leaseExpiresAt?.getTime() ?? 0) + SECOND));
      expect(await survivor.runOnce()).toBe(1);

      const [killed, resent] = receiver.received.slice(1);
      expect(resent?.headers['webhook-id']).toBe(killed?.headers['webhook-id']);
      expect(verifyAt(clock.now(), secret, resent?.body ?? '', resent?.headers ?? {})).toMatchObject({ data: { applicationId: second.id } });
      expect((await db.outbox().find(second.id))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    });
  });
}
