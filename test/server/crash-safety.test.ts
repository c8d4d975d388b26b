import { randomBytes, randomInt } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Queryable } from '../../src/store/database.ts';
import { newSecret } from '../handoff/fixtures.ts';
import { Receiver } from '../handoff/receiver.ts';
import { Applicant, type Form } from '../http/harness.ts';
import { Alternating, bundleService, startProcess, stopAllProcesses, type Launcher, type SentRequest } from '../support/processes.ts';
import { samplePdfOfSize } from '../support/sample-files.ts';
import { createScratchSchema } from '../support/scratch-schema.ts';
import { acceptAndSend, fosteringSteps } from './walks.ts';

/**
 * SIGKILL, the crash nothing can catch, at random moments while people
 * upload files and send applications; then started again. Whatever moment the
 * process died at, the database holds every application whole (a draft, or
 * submitted with its outbox event), every file whole (its bytes add up to its
 * size and hash), and every application sent is delivered, with one
 * webhook-id however often it is sent.
 *
 * CRASH_KILLS (default 100) kills on PostgreSQL, CRASH_KILLS_PGLITE (default
 * 5: PGlite takes longer to start) on PGlite in a data folder, e.g.
 * `CRASH_KILLS=1000 CRASH_SECONDS=3600` for a long run; CRASH_SECONDS (default
 * 300) bounds each part.
 */

const serverUrl = process.env.TEST_DATABASE_URL;
if (!serverUrl) throw new Error('These tests need PostgreSQL: set TEST_DATABASE_URL (npm test does)');

const KILLS = Number(process.env.CRASH_KILLS ?? 100);
const PGLITE_KILLS = Number(process.env.CRASH_KILLS_PGLITE ?? 5);
/** No new process is started after this long (a slow machine fails, saying how far it got, rather than running on). */
const DEADLINE_MS = Number(process.env.CRASH_SECONDS ?? 300) * 1000;
/** Server processes on PostgreSQL killed and started again side by side. */
const LANES = 3;
/** People at work on each server process. */
const PEOPLE = 3;

const receiver = new Receiver();
let launcher: Launcher;
let removeBundle: () => Promise<void>;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  await receiver.start();
  const bundle = await bundleService();
  launcher = bundle.launcher;
  removeBundle = bundle.remove;
});

afterAll(async () => {
  await stopAllProcesses();
  for (const cleanup of cleanups.reverse()) await cleanup();
  await removeBundle();
  await receiver.stop();
});

/** What the people saw, over every life of every process. */
interface Seen {
  requests: SentRequest[];
  /** The email addresses of the applications confirmed as sent. */
  confirmed: string[];
}

/**
 * Someone applying across the process's lives: their cookie jar and their
 * place in the journey outlive each kill, so after a restart they go on where
 * they were (the step that failed is tried again). Once sent, the next
 * person takes their place.
 */
class Person {
  static #count = 0;
  readonly browser: Alternating;
  readonly person: Applicant;
  readonly email: string;
  readonly steps: ReadonlyArray<readonly [string, Form]>;
  /** The steps answered; then the supporting document (-1 until uploaded) and the submission. */
  next = 0;
  uploaded = false;

  constructor(tag: string) {
    Person.#count += 1;
    this.email = `${tag}.${String(Person.#count)}@example.com`;
    this.browser = new Alternating([]);
    this.person = new Applicant(this.browser.agent);
    this.steps = fosteringSteps(this.email);
  }

  /** Goes on until sent (true) or the server stops answering (false). */
  async apply(url: string, onSent: (sent: SentRequest) => void): Promise<boolean> {
    this.browser.urls = [url];
    this.browser.onSent = onSent;
    try {
      for (; this.next < this.steps.length; this.next += 1) {
        const step = this.steps[this.next];
        if (!step) break;
        if (step[0] === 'evidence' && !this.uploaded) {
          const supporting = await this.person.upload('/apply/evidence', 'supportingDocuments', {
            name: 'report.pdf',
            content: samplePdfOfSize(randomInt(1000, 2_000_000)),
          });
          if (supporting.status !== 303) throw new Error(`upload gave ${String(supporting.status)}`);
          this.uploaded = true;
        }
        await this.person.answerAll([step]);
      }
      // Sent before the kill, though its answer never came: the confirmation is what the page shows now.
      const check = await this.person.get('/apply/check-answers');
      if (check.status === 303 && check.headers.location === '/apply/confirmation') return true;
      return (await acceptAndSend(this.person)) === '/apply/confirmation';
    } catch {
      // Killed (what each request got is in browser.requests), or refused: tried again in the next life.
      return false;
    }
  }
}

/** People at work on one process until it dies. */
async function peopleApplying(
  people: Person[],
  url: string,
  tag: string,
  seen: Seen & { everyone: Set<Person> },
  onSent: (sent: SentRequest) => void,
): Promise<void> {
  await Promise.all(
    people.map(async (_, n) => {
      for (;;) {
        const person = people[n] ?? new Person(tag);
        seen.everyone.add(person);
        const sent = await person.apply(url, onSent);
        if (!sent) return;
        seen.confirmed.push(person.email);
        people[n] = new Person(tag);
      }
    }),
  );
}

interface KillReport {
  kills: number;
  duringUpload: number;
  duringSubmission: number;
}

/**
 * When to kill: as an upload is sent, as an application is sent, or as the
 * n-th request of this process's life is sent (a third each), and then up to
 * `withinMs` later, so the kill falls while the request is read, checked,
 * stored or committed (or just after), whatever the machine's speed.
 */
function pickMoment(): { at: (sent: SentRequest, count: number) => boolean; withinMs: number } {
  const kind = randomInt(3);
  if (kind === 0) return { at: (sent) => sent.method === 'post' && sent.path === '/apply/evidence', withinMs: 200 };
  // Sending takes longest (the application, its event and its emails, in one transaction).
  if (kind === 1) return { at: (sent) => sent.method === 'post' && sent.path === '/apply/check-answers', withinMs: 1000 };
  const nth = randomInt(1, 40);
  return { at: (_sent, count) => count >= nth, withinMs: 200 };
}

/** Starts the server, lets people work, kills it at a random moment; `kills` times. */
async function killRepeatedly(env: Record<string, string>, kills: number, tag: string, seen: Seen, deadline: number): Promise<KillReport> {
  const report: KillReport = { kills: 0, duringUpload: 0, duringSubmission: 0 };
  const people = Array.from({ length: PEOPLE }, () => new Person(tag));
  const everyone = new Set<Person>();
  for (let life = 0; life < kills && Date.now() < deadline; life += 1) {
    const server = await startProcess({ entry: 'server', env, launcher, name: `${tag}-${String(life)}` });
    const moment = pickMoment();
    let count = 0;
    let killedAt = 0;
    const kill = (): void => {
      if (killedAt !== 0) return;
      killedAt = Date.now();
      server.signal('SIGKILL');
    };
    // However the moment falls, the process dies within a minute.
    const fallback = setTimeout(kill, 60_000);
    const lifeRequests: SentRequest[] = [];
    const working = peopleApplying(people, server.url, tag, { ...seen, everyone }, (sent) => {
      lifeRequests.push(sent);
      count += 1;
      if (killedAt === 0 && moment.at(sent, count)) setTimeout(kill, randomInt(0, moment.withinMs));
    });
    const exit = await server.exited;
    clearTimeout(fallback);
    expect(exit.signal, server.tail()).toBe('SIGKILL');
    await working;
    // What was in flight when it died: sent, and unanswered until then.
    const cut = lifeRequests.filter((request) => request.method === 'post' && request.flushedAt !== undefined && (request.doneAt ?? Infinity) >= killedAt);
    report.kills += 1;
    if (cut.some((request) => request.path === '/apply/evidence')) report.duringUpload += 1;
    if (cut.some((request) => request.path === '/apply/check-answers')) report.duringSubmission += 1;
  }
  for (const person of everyone) seen.requests.push(...person.browser.requests);
  return report;
}

/** Applications that are not whole: a draft marked sent without its application or event, or the other way round. */
async function halfSubmitted(db: Queryable): Promise<unknown[]> {
  return db.query(`
    SELECT 'draft without application' AS problem, d.id FROM drafts d
      LEFT JOIN applications a ON a.id = d.submitted_application_id
     WHERE d.submitted_application_id IS NOT NULL AND (a.id IS NULL OR a.draft_id <> d.id)
    UNION ALL
    SELECT 'application without its draft marked', a.id FROM applications a
      LEFT JOIN drafts d ON d.id = a.draft_id
     WHERE d.submitted_application_id IS DISTINCT FROM a.id
    UNION ALL
    SELECT 'application without exactly one event', a.id FROM applications a
     WHERE (SELECT count(*) FROM outbox_events e WHERE e.application_id = a.id AND e.type = 'application.submitted') <> 1`);
}

/** Files whose stored bytes do not add up to the size and SHA-256 recorded, and bytes with no file. */
async function halfStoredFiles(db: Queryable): Promise<unknown[]> {
  return db.query(`
    SELECT 'bytes do not match' AS problem, f.id FROM evidence_files f
      LEFT JOIN (
        SELECT file_id, sum(octet_length(bytes)) AS size, encode(sha256(string_agg(bytes, ''::bytea ORDER BY seq)), 'hex') AS sha256, count(*) AS pieces, max(seq) AS last
          FROM evidence_file_chunks GROUP BY file_id
      ) c ON c.file_id = f.id
     WHERE c.size IS DISTINCT FROM f.size OR c.sha256 IS DISTINCT FROM f.sha256 OR c.pieces <> c.last + 1
    UNION ALL
    SELECT 'bytes without a file', c.file_id FROM evidence_file_chunks c
      LEFT JOIN evidence_files f ON f.id = c.file_id WHERE f.id IS NULL`);
}

/** Email addresses of the drafts that were sent. */
async function submittedEmails(db: Queryable): Promise<Set<string>> {
  const rows = await db.query<{ email: string }>(
    `SELECT answers -> 'applicant-contact' ->> 'email' AS email FROM drafts WHERE submitted_application_id IS NOT NULL`,
  );
  return new Set(rows.map((row) => row.email));
}

/** Waits (at most a minute) until the worker has delivered every event. */
async function allDelivered(db: Queryable): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [row] = await db.query<{ waiting: number }>(`SELECT count(*)::int AS waiting FROM outbox_events WHERE status <> 'delivered'`);
    if (row?.waiting === 0) return;
    if (Date.now() > deadline) throw new Error(`${String(row?.waiting)} events not delivered`);
    await delay(200);
  }
}

/** Checks every event was delivered, and each application reached the receiver under its own event's webhook-id only. @returns how many */
async function expectDeliveredOnce(db: Queryable): Promise<number> {
  const events = await db.query<{ application_id: string; webhook_id: string; status: string }>(`SELECT application_id, webhook_id, status FROM outbox_events`);
  expect(events.filter((event) => event.status !== 'delivered')).toEqual([]);
  const webhookIdOf = new Map(events.map((event) => [event.application_id, event.webhook_id]));
  const delivered = new Map<string, Set<string>>();
  for (const request of receiver.received) {
    const event = JSON.parse(request.body) as { data: { applicationId: string } };
    if (!webhookIdOf.has(event.data.applicationId)) continue;
    delivered.set(event.data.applicationId, (delivered.get(event.data.applicationId) ?? new Set()).add(request.headers['webhook-id'] ?? ''));
  }
  for (const [applicationId, webhookId] of webhookIdOf) expect(delivered.get(applicationId), applicationId).toEqual(new Set([webhookId]));
  return events.length;
}

/** Upload folders (a process's temporary files while it reads an upload) left in `dir` once a process has started and had up to 5 seconds to clear them. */
async function noUploadFoldersSoon(dir: string): Promise<string[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const left = (await readdir(dir).catch(() => [])).filter((name) => name.startsWith('upload-'));
    if (left.length === 0 || Date.now() > deadline) return left;
    await delay(100);
  }
}

const report = (what: string, figures: Record<string, number>): void => {
  // The figures the README quotes.
  console.info(`crash safety, ${what}: ${JSON.stringify(figures)}`);
};

describe('SIGKILL during uploads and submissions, and a restart', () => {
  it(
    `on PostgreSQL (${String(KILLS)} kills of web processes beside a worker): every application and file whole, everything sent delivered once`,
    async () => {
      const started = Date.now();
      const scratch = await createScratchSchema(serverUrl, 'crash');
      cleanups.push(() => scratch.drop());
      const uploads = await mkdtemp(path.join(os.tmpdir(), 'irm-crash-'));
      cleanups.push(() => rm(uploads, { recursive: true, force: true }));
      const env = {
        DATABASE_URL: scratch.databaseUrl,
        SESSION_SECRET: randomBytes(32).toString('hex'),
        WORKER_MODE: 'separate',
        WEBHOOK_URL: receiver.url,
        WEBHOOK_SECRET: newSecret(),
        UPLOAD_TEMP_DIR: uploads,
      };
      // The worker (migrating the empty schema first) delivers throughout; the web processes die again and again.
      const worker = await startProcess({ entry: 'worker', env, launcher, name: 'worker' });
      const seen: Seen = { requests: [], confirmed: [] };
      const perLane = Array.from({ length: LANES }, (_, lane) => Math.floor(KILLS / LANES) + (lane < KILLS % LANES ? 1 : 0));
      const lanes = await Promise.all(perLane.map((kills, lane) => killRepeatedly(env, kills, `pg${String(lane)}`, seen, started + DEADLINE_MS)));

      const db = await openDatabase({ databaseUrl: scratch.databaseUrl });
      cleanups.push(() => db.close());
      expect(await halfSubmitted(db)).toEqual([]);
      expect(await halfStoredFiles(db)).toEqual([]);
      const submitted = await submittedEmails(db);
      for (const email of seen.confirmed) expect(submitted, email).toContain(email);
      await allDelivered(db);
      const applications = await expectDeliveredOnce(db);
      // Started once more: it clears the upload folders the killed processes left.
      const last = await startProcess({ entry: 'server', env, launcher, name: 'last' });
      expect(await noUploadFoldersSoon(uploads)).toEqual([]);
      expect(await last.stop()).toEqual({ code: 0, signal: null });
      expect(await worker.stop()).toEqual({ code: 0, signal: null });

      const [files] = await db.query<{ files: number }>('SELECT count(*)::int AS files FROM evidence_files');
      const totals = {
        kills: lanes.reduce((sum, lane) => sum + lane.kills, 0),
        duringUpload: lanes.reduce((sum, lane) => sum + lane.duringUpload, 0),
        duringSubmission: lanes.reduce((sum, lane) => sum + lane.duringSubmission, 0),
        applications,
        files: files?.files ?? 0,
        requests: seen.requests.length,
        seconds: Math.round((Date.now() - started) / 1000),
      };
      report('PostgreSQL', totals);
      // Every request the processes answered, they answered properly.
      expect(seen.requests.filter((request) => typeof request.outcome === 'number' && request.outcome >= 500)).toEqual([]);
      expect(totals.kills, `${String(totals.kills)} kills in ${String(totals.seconds)} s (CRASH_SECONDS)`).toBe(KILLS);
      // The kills did land in the middle of uploads and of submissions.
      expect(totals.duringUpload).toBeGreaterThan(0);
      expect(applications).toBeGreaterThan(0);
    },
    DEADLINE_MS + 180_000,
  );

  it(
    `on PGlite in a data folder (${String(PGLITE_KILLS)} kills): the folder opens again every time, every application and file whole, everything sent delivered once`,
    async () => {
      const started = Date.now();
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'irm-crash-pglite-'));
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      const env = {
        DATA_DIR: path.join(dataDir, 'data'),
        SESSION_SECRET: randomBytes(32).toString('hex'),
        UPLOAD_TEMP_DIR: path.join(dataDir, 'uploads'),
      };
      const seen: Seen = { requests: [], confirmed: [] };
      // No webhook endpoint while it is killed: what was sent waits in the outbox, and is delivered once it is set.
      const killed = await killRepeatedly(env, PGLITE_KILLS, 'pglite', seen, started + DEADLINE_MS);
      // Started once more with the endpoint: it opens the folder and sends what waited (PGlite serves one process, so the test reads the folder after).
      const last = await startProcess({
        entry: 'server',
        env: { ...env, WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: newSecret() },
        launcher,
        name: 'pglite-last',
      });
      expect(await noUploadFoldersSoon(env.UPLOAD_TEMP_DIR)).toEqual([]);
      // Time to send what waited.
      await delay(3000);
      expect(await last.stop()).toEqual({ code: 0, signal: null });
      const db = await openDatabase({ dataDir: env.DATA_DIR });
      cleanups.push(() => db.close());
      expect(await halfSubmitted(db)).toEqual([]);
      expect(await halfStoredFiles(db)).toEqual([]);
      const submitted = await submittedEmails(db);
      for (const email of seen.confirmed) expect(submitted, email).toContain(email);
      const applications = await expectDeliveredOnce(db);
      expect(seen.requests.filter((request) => typeof request.outcome === 'number' && request.outcome >= 500)).toEqual([]);
      report('PGlite', { ...killed, applications, seconds: Math.round((Date.now() - started) / 1000) });
      expect(killed.kills, `${String(killed.kills)} kills before CRASH_SECONDS ran out`).toBe(PGLITE_KILLS);
    },
    DEADLINE_MS + 180_000,
  );
});
