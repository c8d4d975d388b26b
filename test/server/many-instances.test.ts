import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { loadMigrations } from '../../src/store/migrate.ts';
import { newSecret } from '../handoff/fixtures.ts';
import { Receiver } from '../handoff/receiver.ts';
import { Applicant, csrfTokenIn } from '../http/harness.ts';
import { Alternating, startProcess, stopAllProcesses, type ServiceProcess } from '../support/processes.ts';
import { createScratchSchema } from '../support/scratch-schema.ts';
import { acceptAndSend, fosteringSteps } from './walks.ts';

/**
 * The deployment the README describes: several web processes
 * (WORKER_MODE=separate) and a worker on one PostgreSQL database, behind a
 * load balancer with no sticky sessions. Real processes (src/server.ts and
 * src/worker.ts), a real webhook endpoint on 127.0.0.1.
 */

const serverUrl = process.env.TEST_DATABASE_URL;
if (!serverUrl) throw new Error('These tests need PostgreSQL: set TEST_DATABASE_URL (npm test does)');

const receiver = new Receiver();
let scratch: Awaited<ReturnType<typeof createScratchSchema>>;
let db: Database;
let uploads: string;
let web: [ServiceProcess, ServiceProcess];
let worker: ServiceProcess;

beforeAll(async () => {
  await receiver.start();
  scratch = await createScratchSchema(serverUrl, 'many_instances');
  uploads = await mkdtemp(path.join(os.tmpdir(), 'irm-many-instances-'));
  const env = {
    DATABASE_URL: scratch.databaseUrl,
    // Every instance signs and reads the same cookies.
    SESSION_SECRET: randomBytes(32).toString('hex'),
    WORKER_MODE: 'separate',
    WEBHOOK_URL: receiver.url,
    WEBHOOK_SECRET: newSecret(),
    PUBLIC_BASE_URL: 'http://localhost:3000',
    UPLOAD_TEMP_DIR: uploads,
  };
  // All three at the same moment, on a schema with no tables yet: each runs the migrations on start-up.
  const [a, b, w] = await Promise.all([
    startProcess({ entry: 'server', env, name: 'web-a' }),
    startProcess({ entry: 'server', env, name: 'web-b' }),
    startProcess({ entry: 'worker', env, name: 'worker' }),
  ]);
  web = [a, b];
  worker = w;
  db = await openDatabase({ databaseUrl: scratch.databaseUrl });
}, 120_000);

afterAll(async () => {
  await stopAllProcesses();
  await db.close();
  await scratch.drop();
  await receiver.stop();
  await rm(uploads, { recursive: true, force: true });
});

/** The resume link in the newest email to `to`, as /dev/emails shows it (once the worker has sent it). */
async function resumeLinkSentTo(to: string, on: ServiceProcess): Promise<string> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const page = await fetch(`${on.url}/dev/emails`);
    const html = await page.text();
    const mine = html.split(/<article|<section/).find((part) => part.includes(to) && /\/apply\/return\/[A-Za-z0-9_-]{43}/.test(part));
    const link = mine && /\/apply\/return\/[A-Za-z0-9_-]{43}/.exec(mine)?.[0];
    if (link) return link;
    await delay(200);
  }
  throw new Error(`No resume link to ${to} in /dev/emails`);
}

/** Every event the receiver has been sent, by the application it announces. */
function deliveriesByApplication(): Map<string, string[]> {
  const byApplication = new Map<string, string[]>();
  for (const request of receiver.received) {
    const event = JSON.parse(request.body) as { data: { applicationId: string } };
    byApplication.set(event.data.applicationId, [...(byApplication.get(event.data.applicationId) ?? []), request.headers['webhook-id'] ?? '']);
  }
  return byApplication;
}

/** Waits until nothing is pending in the outbox, then a few polls more, to see that nothing is sent twice. */
async function outboxSettled(): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const [row] = await db.query<{ pending: number }>(`SELECT count(*)::int AS pending FROM outbox_events WHERE status = 'pending'`);
    if (row?.pending === 0) break;
    if (Date.now() > deadline) throw new Error('Events still pending in the outbox');
    await delay(200);
  }
  await delay(2500);
}

describe('two web processes and a worker on one PostgreSQL database', () => {
  it('all start at the same moment on an empty schema: the migrations are applied once, and every process is ready', async () => {
    const expected = (await loadMigrations()).map((m) => m.version);
    const applied = await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(applied.map((row) => row.version)).toEqual(expected);
    for (const proc of [...web, worker]) {
      expect(proc.hasExited, proc.name).toBe(false);
      expect(proc.errors(), proc.name).toEqual([]);
    }
    for (const proc of web) expect((await fetch(`${proc.url}/health/ready`)).status, proc.name).toBe(200);
  });

  it('a journey whose requests alternate between the instances completes: upload, save and return on the other instance, submission delivered once', async () => {
    const email = 'alternating@example.com';
    const browser = new Alternating(web.map((proc) => proc.url));
    const person = new Applicant(browser.agent);
    // Every GET of a form and its POST land on different instances: the session and its CSRF token are shared.
    await person.answerAll(fosteringSteps(email));
    expect(new Set(browser.served)).toEqual(new Set([0, 1]));
    const [stored] = await db.query<{ files: number }>(`SELECT count(*)::int AS files FROM evidence_files`);
    expect(stored?.files).toBe(1);

    // "Save and come back later" on instance A; the link opened, in another browser, on instance B.
    browser.pin(0);
    const saved = await person.answer('/apply/save', { email });
    expect(saved.status).toBe(303);
    const link = await resumeLinkSentTo(email, web[1]);
    const elsewhere = new Alternating(web.map((proc) => proc.url));
    elsewhere.pin(1);
    const returning = new Applicant(elsewhere.agent);
    const check = await returning.get(link);
    expect(check.status).toBe(200);
    const back = await returning.post(link, { email }, csrfTokenIn(check.text));
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe('/apply');
    // From here on, alternating again: everything answered, so the journey leads to check-your-answers.
    elsewhere.pin(undefined);
    expect((await returning.get('/apply')).headers.location).toBe('/apply/check-answers');
    const evidence = await returning.get('/apply/evidence');
    expect(evidence.text).toContain('decision-letter.pdf');

    expect(await acceptAndSend(returning)).toBe('/apply/confirmation');
    await receiver.waitFor(1);
    await outboxSettled();
    const [application] = await db.query<{ id: string }>('SELECT id FROM applications');
    expect(application).toBeDefined();
    expect([...deliveriesByApplication().entries()]).toEqual([[application?.id, [expect.stringMatching(/^msg_/)]]]);
  }, 90_000);

  it('a second submission, sent through the other instance, is delivered once too', async () => {
    const browser = new Alternating(web.map((proc) => proc.url));
    const person = new Applicant(browser.agent);
    await person.answerAll(fosteringSteps('second@example.com'));
    browser.pin(1);
    expect(await acceptAndSend(person)).toBe('/apply/confirmation');
    await receiver.waitFor(2);
    await outboxSettled();
    const applications = await db.query<{ id: string }>('SELECT id FROM applications');
    expect(applications).toHaveLength(2);
    const deliveries = deliveriesByApplication();
    expect([...deliveries.keys()].sort()).toEqual(applications.map((a) => a.id).sort());
    for (const ids of deliveries.values()) expect(ids).toHaveLength(1);
    expect(receiver.maxInFlightPerId).toBe(1);
    for (const proc of [...web, worker]) expect(proc.errors(), proc.name).toEqual([]);
  }, 90_000);
});
