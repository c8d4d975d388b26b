import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { newSecret } from '../handoff/fixtures.ts';
import { Receiver } from '../handoff/receiver.ts';
import { Applicant } from '../http/harness.ts';
import { Alternating, startProcess, stopAllProcesses } from '../support/processes.ts';
import { createScratchSchema } from '../support/scratch-schema.ts';
import { acceptAndSend, fosteringSteps } from './walks.ts';

/**
 * SIGTERM as an orchestrator sends it during a deployment, while people are
 * mid-journey, uploading and sending, and webhooks are being delivered: the
 * process stops taking connections, answers every request it had taken,
 * finishes or cuts short its deliveries (a delivery cut short is retried
 * soon, with the same webhook-id), releases its leases, closes the database
 * and exits 0. The same for the separate worker.
 */

const serverUrl = process.env.TEST_DATABASE_URL;
if (!serverUrl) throw new Error('These tests need PostgreSQL: set TEST_DATABASE_URL (npm test does)');

const receiver = new Receiver();
let uploads: string;
const scratches: Array<Awaited<ReturnType<typeof createScratchSchema>>> = [];
const databases: Database[] = [];

beforeAll(async () => {
  await receiver.start();
  uploads = await mkdtemp(path.join(os.tmpdir(), 'irm-graceful-'));
});

afterEach(async () => {
  await stopAllProcesses();
});

afterAll(async () => {
  await stopAllProcesses();
  for (const db of databases) await db.close();
  for (const scratch of scratches) await scratch.drop();
  await receiver.stop();
  await rm(uploads, { recursive: true, force: true });
});

/** A fresh schema, the environment for processes on it, and a connection for the test's own checks. */
async function freshDatabase(extra: Record<string, string>): Promise<{ env: Record<string, string>; db: Database }> {
  const scratch = await createScratchSchema(serverUrl ?? '', 'graceful');
  scratches.push(scratch);
  const db = await openDatabase({ databaseUrl: scratch.databaseUrl });
  databases.push(db);
  receiver.received.length = 0;
  return {
    db,
    env: {
      DATABASE_URL: scratch.databaseUrl,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      WEBHOOK_URL: receiver.url,
      WEBHOOK_SECRET: newSecret(),
      UPLOAD_TEMP_DIR: uploads,
      ...extra,
    },
  };
}

interface OutboxRow {
  id: string;
  webhook_id: string;
  application_id: string;
  status: string;
  lease_token: string | null;
  next_attempt_at: Date;
}

const outboxRows = (db: Database) =>
  db.query<OutboxRow>('SELECT id, webhook_id, application_id, status, lease_token, next_attempt_at FROM outbox_events ORDER BY created_at');

/** Waits until `check` holds (polling the database), or fails naming `what`. */
async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await delay(100);
  }
}

/** The webhook-ids the receiver was sent, by the application each announces. */
function deliveriesByApplication(): Map<string, string[]> {
  const byApplication = new Map<string, string[]>();
  for (const request of receiver.received) {
    const event = JSON.parse(request.body) as { data: { applicationId: string } };
    byApplication.set(event.data.applicationId, [...(byApplication.get(event.data.applicationId) ?? []), request.headers['webhook-id'] ?? '']);
  }
  return byApplication;
}

/** People walking whole applications and sending them, one after another, until told to stop or the server stops answering. */
function peopleApplying(count: number, url: string, until: { stopped: boolean }) {
  const browsers: Alternating[] = [];
  const sent: string[] = [];
  const runs = Array.from({ length: count }, async (_, n) => {
    for (let round = 0; !until.stopped; round += 1) {
      const browser = new Alternating([url]);
      browsers.push(browser);
      const person = new Applicant(browser.agent);
      try {
        await person.answerAll(fosteringSteps(`person${String(n)}.${String(round)}@example.com`));
        if ((await acceptAndSend(person)) === '/apply/confirmation') sent.push(`person${String(n)}.${String(round)}`);
      } catch {
        // The server has stopped: every request is checked below, one by one.
        return;
      }
    }
  });
  return { browsers, sent, done: Promise.all(runs) };
}

describe('SIGTERM to a web process that delivers webhooks itself (WORKER_MODE=in-process)', () => {
  it('under load: every request it took is answered, nothing sent is lost, the delivery cut short is retried soon with the same webhook-id, and it exits 0', async () => {
    const { env, db } = await freshDatabase({ WORKER_MODE: 'in-process' });
    // The first delivery never gets an answer (cut short at the stop); the rest take a moment each.
    receiver.respond = async (_request, index) => {
      if (index === 0) return { hang: true };
      await delay(300);
      return { status: 204 };
    };
    const server = await startProcess({ entry: 'server', env, name: 'web' });
    const until = { stopped: false };
    const load = peopleApplying(6, server.url, until);
    // Deliveries in flight (one hanging), and people mid-journey, uploading and sending.
    await receiver.waitFor(2);
    await delay(500);
    until.stopped = true;
    const signalledAt = Date.now();
    server.signal('SIGTERM');
    const exit = await server.exited;
    await load.done;

    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.lines.map((line) => line.msg)).toContain('stopped');
    expect(server.errors()).toEqual([]);

    const requests = load.browsers.flatMap((browser) => browser.requests);
    // Sent in full before the signal: answered, and properly (no request cut off, no server error).
    const taken = requests.filter((request) => request.flushedAt !== undefined && request.flushedAt < signalledAt);
    expect(taken.length).toBeGreaterThan(20);
    expect(
      taken.filter((request) => typeof request.outcome !== 'number' || request.outcome >= 500),
      `signalled at ${String(signalledAt)}; the server's log ends:\n${server.tail(40)}`,
    ).toEqual([]);
    const inFlight = taken.filter((request) => (request.doneAt ?? 0) > signalledAt);
    expect(inFlight.length).toBeGreaterThan(0);
    // Any other: answered, or refused (the load balancer sends it elsewhere).
    for (const request of requests.filter((r) => !taken.includes(r))) {
      if (typeof request.outcome !== 'number') expect(['ECONNREFUSED', 'ECONNRESET']).toContain(request.outcome);
      else expect(request.outcome).toBeLessThan(500);
    }

    // Every confirmation seen is an application with its event; no lease is left held.
    const applications = await db.query<{ id: string }>('SELECT id FROM applications');
    expect(applications).toHaveLength(load.sent.length);
    const events = await outboxRows(db);
    expect(events.map((event) => event.application_id).sort()).toEqual(applications.map((a) => a.id).sort());
    expect(events.filter((event) => event.lease_token !== null)).toEqual([]);

    // The delivery cut short is due again at once: not after its lease (the timeout plus a minute), nor the retry schedule's next step.
    const cutShort = events.find((event) => event.webhook_id === receiver.received[0]?.headers['webhook-id']);
    expect(cutShort?.status).toBe('pending');
    expect(cutShort?.next_attempt_at.getTime()).toBeLessThanOrEqual(Date.now());

    // Started again: everything sent is delivered, and a repeat carries the same webhook-id.
    receiver.respond = () => ({ status: 204 });
    const restarted = await startProcess({ entry: 'server', env, name: 'web-again' });
    await eventually('every event is delivered', async () => (await outboxRows(db)).every((event) => event.status === 'delivered'), 20_000);
    const deliveries = deliveriesByApplication();
    expect([...deliveries.keys()].sort()).toEqual(applications.map((a) => a.id).sort());
    for (const ids of deliveries.values()) expect(new Set(ids).size).toBe(1);
    expect(await restarted.stop()).toEqual({ code: 0, signal: null });
  }, 120_000);
});

describe('SIGTERM to the separate worker mid-delivery', () => {
  it('cuts the delivery short after its grace, releases the lease, exits 0; another worker sends the event soon with the same webhook-id', async () => {
    const { env, db } = await freshDatabase({ WORKER_MODE: 'separate' });
    receiver.respond = () => ({ hang: true });
    const [server, worker] = await Promise.all([startProcess({ entry: 'server', env, name: 'web' }), startProcess({ entry: 'worker', env, name: 'worker' })]);
    const person = new Applicant(new Alternating([server.url]).agent);
    await person.answerAll(fosteringSteps());
    expect(await acceptAndSend(person)).toBe('/apply/confirmation');
    await receiver.waitFor(1);

    const exit = await worker.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(worker.lines.map((line) => line.msg)).toContain('worker stopped');
    expect(worker.errors()).toEqual([]);
    const [event] = await outboxRows(db);
    expect(event).toMatchObject({ status: 'pending', lease_token: null });
    expect(event?.next_attempt_at.getTime()).toBeLessThanOrEqual(Date.now());

    receiver.respond = () => ({ status: 204 });
    const another = await startProcess({ entry: 'worker', env, name: 'worker-again' });
    await eventually('the event is delivered', async () => (await outboxRows(db))[0]?.status === 'delivered', 20_000);
    expect(receiver.ids()).toEqual([event?.webhook_id, event?.webhook_id]);
    expect(await another.stop()).toEqual({ code: 0, signal: null });
    expect(await server.stop()).toEqual({ code: 0, signal: null });
  }, 90_000);
});
