import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakeNotify } from '../test/notify/fake-notify.ts';
import { NOTIFY_SECRET, NOTIFY_SERVICE_ID, NOTIFY_TEMPLATES, NOTIFY_API_KEY } from '../test/support/notify-env.ts';
import { samplePdf } from '../test/support/sample-files.ts';
import { createScratchSchema } from '../test/support/scratch-schema.ts';
import type { RunningClamd } from './clamd-process.ts';
import { memoryOf } from './process-memory.ts';
import { Person, problemShown } from './person.ts';
import { fosteringOnTimeToday } from './scenario.ts';
import { startServer, type ServerProcess } from './server-process.ts';

/**
 * Sustained load: `users` people at once, each doing whole applications one
 * after another (start page, every question, an upload of the decision
 * letter, check your answers, send, the confirmation) against the real
 * service (src/server.ts in production mode in its own process) for a fixed
 * time. Every response is checked. Afterwards every application sent must
 * have had its confirmation email accepted by the (fake, local) GOV.UK
 * Notify, so nothing sent was lost. The server's resident memory is sampled
 * throughout, and its trend over the second half of the run is reported.
 *
 * Everything is on 127.0.0.1 and bounded: it stops starting applications
 * when the time is up, and each request has a timeout.
 */

export interface SustainedLoadOptions {
  readonly users: number;
  readonly seconds: number;
  readonly engine: 'pglite' | 'postgres';
  /** A PostgreSQL server for engine 'postgres' (a scratch schema is made in it and dropped after). */
  readonly postgresUrl?: string;
  readonly clamd: Pick<RunningClamd, 'host' | 'port'>;
  /** How often the server's memory is read, in ms. */
  readonly sampleMs?: number;
  /** Progress lines go here. */
  readonly log?: (line: string) => void;
}

export interface SustainedLoadResult {
  readonly engine: string;
  readonly users: number;
  readonly seconds: number;
  readonly applications: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** Wrong responses, failed requests and lost emails, each once with how often. */
  readonly errors: ReadonlyArray<{ readonly message: string; readonly count: number }>;
  readonly errorCount: number;
  /** Applications sent whose confirmation email never reached Notify. */
  readonly emailsMissing: number;
  readonly rssStartMb: number;
  readonly rssEndMb: number;
  readonly rssMaxMb: number;
  /** Least-squares slope of RSS over the second half of the run, MB per minute. */
  readonly rssTrendMbPerMinute: number;
}

const MB = 1024 * 1024;
const REQUEST_TIMEOUT_MS = 30_000;

const rssOf = (pid: number): number => memoryOf(pid).rss;

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

function logTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '(no log)';
  }
}

/** The slope of y over x (least squares), in y units per x unit. */
export function trend(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

class Tally {
  readonly latencies: number[] = [];
  readonly #errors = new Map<string, number>();
  applications = 0;

  error(message: string): void {
    // Numbers (ids, ports, counts) vary; the kind of problem does not.
    const key = message.replace(/\d+/g, 'N').slice(0, 200);
    this.#errors.set(key, (this.#errors.get(key) ?? 0) + 1);
  }

  get errors(): Array<{ message: string; count: number }> {
    return [...this.#errors].map(([message, count]) => ({ message, count }));
  }
}

/** A Person whose every request is timed (and timed out). */
class TimedPerson extends Person {
  constructor(
    baseUrl: string,
    readonly tally: Tally,
  ) {
    super(baseUrl);
  }

  override async request(pathname: string, init: { method?: string; body?: string | FormData } = {}): ReturnType<Person['request']> {
    const started = performance.now();
    const reply = await Promise.race([
      super.request(pathname, init),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${init.method ?? 'GET'} ${pathname} timed out`)), REQUEST_TIMEOUT_MS).unref()),
    ]);
    this.tally.latencies.push(performance.now() - started);
    return reply;
  }
}

/** One whole application, as a person makes it; throws at the first wrong response. */
async function oneApplication(baseUrl: string, tally: Tally, email: string, letter: Buffer): Promise<void> {
  const person = new TimedPerson(baseUrl, tally);
  const start = await person.request('/');
  if (start.status !== 200 || !start.text.includes('govuk-button--start')) throw new Error(`GET / gave ${start.status} without a start button`);
  for (const [step, form] of fosteringOnTimeToday()) {
    if (step === 'evidence') {
      const uploaded = await person.upload(letter, 'decision-letter.pdf');
      if (uploaded.status !== 303) throw new Error(`upload gave ${uploaded.status}${problemShown(uploaded.text)}`);
      await person.answer(step, { action: 'continue' });
    } else {
      await person.answer(step, step === 'applicant-contact' ? { ...form, email } : form);
    }
  }
  const token = await person.token('/apply/check-answers');
  const sent = await person.request('/apply/check-answers', { method: 'POST', body: new URLSearchParams({ _csrf: token }).toString() });
  if (sent.status !== 303 || sent.location !== '/apply/confirmation') throw new Error(`sending gave ${sent.status} to ${sent.location ?? '-'}`);
  const confirmation = await person.request('/apply/confirmation');
  if (confirmation.status !== 200 || !confirmation.text.includes('govuk-panel--confirmation')) throw new Error(`the confirmation gave ${confirmation.status}`);
  tally.applications += 1;
}

async function startService(
  options: SustainedLoadOptions,
  notify: FakeNotify,
  work: string,
): Promise<{ server: ServerProcess; name: string; cleanup(): Promise<void> }> {
  let database: NodeJS.ProcessEnv;
  let name: string;
  let cleanup = async (): Promise<void> => {
    // PGlite's folder goes with the work folder.
  };
  if (options.engine === 'postgres') {
    if (!options.postgresUrl) throw new Error('PostgreSQL needs a server URL (BENCH_DATABASE_URL or TEST_DATABASE_URL)');
    const scratch = await createScratchSchema(options.postgresUrl, 'bench_load');
    database = { DATABASE_URL: scratch.databaseUrl };
    name = 'PostgreSQL';
    cleanup = () => scratch.drop();
  } else {
    database = { DATA_DIR: path.join(work, 'data') };
    name = 'PGlite (on disk)';
  }
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) if (process.env[key] !== undefined) env[key] = process.env[key];
  try {
    const server = await startServer('service', {
      script: 'src/server.ts',
      readyPath: '/health/live',
      logFile: path.join(work, 'service.log'),
      env: {
        ...env,
        ...database,
        NODE_ENV: 'production',
        SESSION_SECRET: randomBytes(32).toString('hex'),
        TRUST_PROXY: 'loopback',
        CLAMD_HOST: options.clamd.host,
        CLAMD_PORT: String(options.clamd.port),
        UPLOAD_TEMP_DIR: path.join(work, 'uploads'),
        NOTIFY_API_KEY,
        ...NOTIFY_TEMPLATES,
        NOTIFY_BASE_URL: notify.url,
        LOG_LEVEL: 'warn',
        // Every person here comes from 127.0.0.1; behind a real proxy each has their own address.
        ANONYMOUS_POSTS_PER_IP_PER_HOUR: '100000',
      },
    });
    return { server, name, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

export async function runSustainedLoad(options: SustainedLoadOptions): Promise<SustainedLoadResult> {
  const log = options.log ?? (() => undefined);
  const work = await mkdtemp(path.join(os.tmpdir(), 'irm-bench-sustained-'));
  const notify = new FakeNotify(NOTIFY_SERVICE_ID, NOTIFY_SECRET);
  await notify.start();
  const service = await startService(options, notify, work).catch(async (err: unknown) => {
    await notify.stop();
    await rm(work, { recursive: true, force: true });
    throw err;
  });
  const { server } = service;
  const pid = server.pid;
  try {
    if (pid === undefined) throw new Error('the service has no pid');
    const letter = samplePdf({ text: 'Decision letter' });
    // Warm up (templates, modules, the database's caches): one application first, not counted.
    await oneApplication(server.url, new Tally(), 'warm-up@example.com', letter);
    const confirmationsBefore = notify.received.length;

    const tally = new Tally();
    const samples: Array<[number, number]> = [];
    const started = performance.now();
    const sample = (): void => {
      samples.push([(performance.now() - started) / 1000, rssOf(pid)]);
    };
    sample();
    const sampler = setInterval(sample, options.sampleMs ?? 2_000);
    const deadline = started + options.seconds * 1000;
    let serial = 0;
    const user = async (): Promise<void> => {
      while (performance.now() < deadline) {
        serial += 1;
        try {
          await oneApplication(server.url, tally, `load-${serial}@example.com`, letter);
        } catch (err) {
          tally.error(err instanceof Error ? err.message : String(err));
        }
      }
    };
    log(`${service.name}: ${options.users} users for ${options.seconds} s…`);
    await Promise.all(Array.from({ length: options.users }, user));
    const elapsed = (performance.now() - started) / 1000;
    clearInterval(sampler);
    sample();

    // Every application sent has its confirmation email written in the same
    // transaction; the worker sends it within seconds. Wait for them all.
    const expected = confirmationsBefore + tally.applications;
    const emailDeadline = Date.now() + 30_000;
    while (notify.received.length < expected && Date.now() < emailDeadline) await new Promise((resolve) => setTimeout(resolve, 200));
    const emailsMissing = Math.max(0, expected - notify.received.length);
    if (emailsMissing > 0) tally.error(`${emailsMissing} confirmation emails never reached Notify`);
    for (const problem of notify.rejected) tally.error(`Notify refused an email: ${problem}`);

    const sorted = [...tally.latencies].sort((a, b) => a - b);
    const rss = samples.map(([, bytes]) => bytes);
    const secondHalf = samples.filter(([at]) => at >= elapsed / 2).map(([at, bytes]) => [at / 60, bytes / MB] as const);
    const errors = tally.errors;
    return {
      engine: service.name,
      users: options.users,
      seconds: elapsed,
      applications: tally.applications,
      requests: sorted.length,
      requestsPerSecond: sorted.length / elapsed,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      errors,
      errorCount: errors.reduce((sum, e) => sum + e.count, 0),
      emailsMissing,
      rssStartMb: (rss[0] ?? Number.NaN) / MB,
      rssEndMb: (rss.at(-1) ?? Number.NaN) / MB,
      rssMaxMb: Math.max(...rss) / MB,
      rssTrendMbPerMinute: trend(secondHalf),
    };
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\nThe service's log ends:\n${logTail(path.join(work, 'service.log'))}`, { cause: err });
  } finally {
    await server.stop();
    await notify.stop();
    await service.cleanup();
    await rm(work, { recursive: true, force: true });
  }
}
