import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { outboxOnSubmitted, startDelivery, type RunningDelivery } from '../src/handoff/index.ts';
import { generateSecret } from '../src/handoff/secrets.ts';
import { buildService } from '../src/service.ts';
import { createScratchSchema } from '../test/support/scratch-schema.ts';
import { benchDocument } from './handoff-fixture.ts';
import type { ReceiverMessage } from './handoff-receiver.ts';

/**
 * `npm run bench:handoff`: the hand-off from submission to the caseworker
 * system's endpoint, on 127.0.0.1 only.
 *
 * 1. Latency: one submission at a time (the store's submit, which writes the
 *    application and its outbox event in one transaction), timed until a
 *    receiver that answers 204 at once has the signed webhook. p50/p99.
 * 2. Throughput: a backlog of events enqueued with the worker stopped, then
 *    the worker started and timed until the receiver has them all.
 *
 * The store is built as `npm start` builds it (buildService); the worker is
 * the service's own in-process one (startDelivery), started and stopped here. Every delivery's signature is verified, and each event
 * must arrive exactly once, or the run fails.
 *
 *   npm run bench:handoff -- --submissions 200 --backlog 1000 --db disk|memory|postgres
 *   (postgres: --database-url, or BENCH_DATABASE_URL / TEST_DATABASE_URL)
 */

const { values: args } = parseArgs({
  options: {
    submissions: { type: 'string', default: '200' },
    backlog: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '8' },
    db: { type: 'string', default: 'disk' },
    'database-url': { type: 'string' },
    'timeout-seconds': { type: 'string', default: '180' },
  },
});
const submissions = Number(args.submissions);
const backlog = Number(args.backlog);
const concurrency = Number(args.concurrency);
const timeoutMs = Number(args['timeout-seconds']) * 1000;
const databaseUrl = args['database-url'] ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const engineOk = args.db === 'disk' || args.db === 'memory' || (args.db === 'postgres' && databaseUrl !== undefined);
if (![submissions, backlog, concurrency, timeoutMs].every((n) => Number.isInteger(n) && n > 0) || !engineOk) {
  console.error(
    'usage: npm run bench:handoff -- [--submissions 200] [--backlog 1000] [--concurrency 8] [--db disk|memory|postgres] [--database-url postgres://…]',
  );
  process.exit(2);
}

// Everything gives up together if something hangs.
const deadline = setTimeout(() => {
  console.error(`gave up after ${timeoutMs / 1000} s`);
  process.exit(1);
}, timeoutMs);
deadline.unref();

const secret = generateSecret();

/** The receiver child process, seen from here: arrivals by reference, and any problems. */
class Receiver {
  readonly arrived = new Map<string, number>();
  readonly problems: string[] = [];
  readonly #waiters = new Map<string, () => void>();
  #allWaiter: { count: number; resolve: () => void } | undefined;
  readonly #child: ChildProcess;

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.on('message', (message: ReceiverMessage) => {
      if (message.type === 'problem') this.problems.push(message.message);
      if (message.type !== 'arrived') return;
      if (this.arrived.has(message.reference)) this.problems.push(`${message.reference} arrived twice`);
      this.arrived.set(message.reference, message.at);
      this.#waiters.get(message.reference)?.();
      this.#waiters.delete(message.reference);
      if (this.#allWaiter && this.arrived.size >= this.#allWaiter.count) this.#allWaiter.resolve();
    });
  }

  static async start(): Promise<{ receiver: Receiver; url: string }> {
    const child = fork(fileURLToPath(new URL('./handoff-receiver.ts', import.meta.url)), {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BENCH_WEBHOOK_SECRET: secret },
    });
    const [ready] = (await once(child, 'message')) as [ReceiverMessage];
    if (ready.type !== 'ready') throw new Error('the receiver did not start');
    return { receiver: new Receiver(child), url: ready.url };
  }

  arrival(reference: string): Promise<void> {
    if (this.arrived.has(reference)) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.set(reference, resolve));
  }

  all(count: number): Promise<void> {
    if (this.arrived.size >= count) return Promise.resolve();
    return new Promise((resolve) => (this.#allWaiter = { count, resolve }));
  }

  stop(): void {
    this.#child.kill();
  }
}

/** Wall-clock milliseconds, comparable with the receiver process's. */
const wallClock = (): number => performance.timeOrigin + performance.now();

interface Engine {
  name: string;
  /** DATABASE_URL or DATA_DIR for the configuration. */
  env: NodeJS.ProcessEnv;
  inMemory?: boolean;
  cleanup(): Promise<void>;
}

async function prepareEngine(): Promise<Engine> {
  if (args.db === 'memory')
    return {
      name: 'PGlite (in memory)',
      env: {},
      inMemory: true,
      cleanup: async () => {
        // Nothing on disk to remove.
      },
    };
  if (args.db === 'disk') {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'irm-bench-handoff-'));
    return { name: 'PGlite (on disk)', env: { DATA_DIR: dataDir }, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const serverUrl = databaseUrl ?? '';
  const scratch = await createScratchSchema(serverUrl, 'bench');
  return { name: 'PostgreSQL', env: { DATABASE_URL: scratch.databaseUrl }, cleanup: () => scratch.drop() };
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const ms = (value: number): string => `${value.toFixed(1)} ms`;

async function main(): Promise<void> {
  const { receiver, url } = await Receiver.start();
  const engine = await prepareEngine();
  const logger = pino({ level: 'warn' });
  let delivery: RunningDelivery | undefined;
  const config = loadConfig({
    NODE_ENV: 'test',
    WEBHOOK_URL: url,
    WEBHOOK_SECRET: secret,
    WEBHOOK_CONCURRENCY: String(concurrency),
    PUBLIC_BASE_URL: 'https://apply-irm.example.gov.uk',
    ...engine.env,
  });
  // The benchmark starts and stops the worker itself, so the service runs none.
  const service = await buildService(config, {
    logger,
    inMemoryDatabase: engine.inMemory,
    session: { pruneIntervalMs: 0 },
    onSubmitted: outboxOnSubmitted({ onEnqueued: () => delivery?.worker.wake() }),
    delivery: false,
  });
  const { store } = service;
  const document = benchDocument();
  let counter = 0;
  const submit = async (): Promise<string> => {
    const draft = await store.drafts.create('irm', '1');
    counter += 1;
    const reference = `IRM-B${String(counter).padStart(7, '0')}`;
    await store.applications.submit({
      draftId: draft.id,
      journeyId: 'irm',
      journeyVersion: '1',
      route: 'fostering',
      late: false,
      data: document,
      newReference: () => reference,
    });
    return reference;
  };

  try {
    console.log(
      `# Hand-off benchmark: ${engine.name}, worker concurrency ${concurrency}, node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(2) ?? 'unknown'}\n`,
    );

    const startWorker = (): RunningDelivery => {
      const started = startDelivery({ config, store, logger });
      if (!started) throw new Error('the delivery worker did not start');
      return started;
    };

    // 1. Latency, one submission at a time.
    delivery = startWorker();
    for (let i = 0; i < 10; i += 1) await receiver.arrival(await submit()); // warm-up
    const fromSubmit: number[] = [];
    const fromCommit: number[] = [];
    for (let i = 0; i < submissions; i += 1) {
      // The draft is made before the clock starts: the applicant's draft exists long before they press send.
      const draft = await store.drafts.create('irm', '1');
      counter += 1;
      const reference = `IRM-L${String(counter).padStart(7, '0')}`;
      const arrived = receiver.arrival(reference);
      const started = wallClock();
      await store.applications.submit({
        draftId: draft.id,
        journeyId: 'irm',
        journeyVersion: '1',
        route: 'fostering',
        late: false,
        data: document,
        newReference: () => reference,
      });
      const committed = wallClock();
      await arrived;
      const at = receiver.arrived.get(reference) ?? Number.NaN;
      fromSubmit.push(at - started);
      fromCommit.push(at - committed);
    }
    fromSubmit.sort((a, b) => a - b);
    fromCommit.sort((a, b) => a - b);

    // 2. Throughput: a backlog, then the worker let loose on it.
    await delivery.stop();
    delivery = undefined;
    const before = receiver.arrived.size;
    for (let i = 0; i < backlog; i += 1) await submit();
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    delivery = startWorker();
    await receiver.all(before + backlog);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMsPerEvent = (cpu.user + cpu.system) / 1000 / backlog;
    await delivery.stop();
    delivery = undefined;

    const [{ n: delivered } = { n: -1 }] = await store.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_events WHERE status = 'delivered'`);
    const expected = 10 + submissions + backlog;
    if (delivered !== expected) receiver.problems.push(`${delivered} events marked delivered, not ${expected}`);
    if (receiver.arrived.size !== expected) receiver.problems.push(`${receiver.arrived.size} events arrived, not ${expected}`);

    console.log('| measure | p50 | p90 | p99 | max |');
    console.log('|---|---:|---:|---:|---:|');
    console.log(
      `| submit → receiver has the event (${submissions} submissions, one at a time) | ${ms(percentile(fromSubmit, 50))} | ${ms(percentile(fromSubmit, 90))} | ${ms(percentile(fromSubmit, 99))} | ${ms(fromSubmit.at(-1) ?? Number.NaN)} |`,
    );
    console.log(
      `| commit → receiver has the event | ${ms(percentile(fromCommit, 50))} | ${ms(percentile(fromCommit, 90))} | ${ms(percentile(fromCommit, 99))} | ${ms(fromCommit.at(-1) ?? Number.NaN)} |`,
    );
    console.log('');
    console.log('| outbox throughput | events | seconds | events/s | service CPU per event | events per CPU-second |');
    console.log('|---|---:|---:|---:|---:|---:|');
    console.log(
      `| backlog drained by one worker (concurrency ${concurrency}), receiver answering at once | ${backlog} | ${seconds.toFixed(2)} | ${(backlog / seconds).toFixed(0)} | ${cpuMsPerEvent.toFixed(2)} ms | ${(1000 / cpuMsPerEvent).toFixed(0)} |`,
    );
    console.log(`\nEvery delivery verified with standardwebhooks and counted once; ${expected} delivered in all.`);
    if (receiver.problems.length > 0) {
      console.error(`\nPROBLEMS:\n${receiver.problems.slice(0, 20).join('\n')}`);
      process.exitCode = 1;
    }
  } finally {
    await delivery?.stop();
    await service.close();
    await engine.cleanup();
    receiver.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
