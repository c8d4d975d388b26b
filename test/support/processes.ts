import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';

/**
 * The service as real processes: `src/server.ts` and `src/worker.ts` started
 * as children of the test, their pino log read line by line, and every child
 * killed when the test file ends (`stopAllProcesses()` in afterAll), however
 * the test ended.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type Entry = 'server' | 'worker';

/** One line of a child's pino log (JSON on stdout). */
export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** How a child is started: with tsx (as `npm start` runs it), or a bundle built once by `bundleService()`, which starts in half the time. */
export type Launcher = { kind: 'tsx' } | { kind: 'bundle'; files: Record<Entry, string> };

export const TSX: Launcher = { kind: 'tsx' };

export interface StartOptions {
  entry: Entry;
  /** Added to a small base (PATH, NODE_ENV=test, LOG_LEVEL=info, PORT=0); nothing else of the test's environment is passed. */
  env: Record<string, string>;
  launcher?: Launcher;
  /** How long to wait for the process to say it is ready. */
  readyTimeoutMs?: number;
  /** Names the process in failures. */
  name?: string;
}

/** Lines kept per process: enough to read what happened at the end, bounded under load. */
const MAX_LINES = 5000;

const running = new Set<ServiceProcess>();

export class ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly lines: LogLine[] = [];
  /** What the process wrote that was not a log line (a crash's stack trace, say). */
  readonly stderr: string[] = [];
  readonly exited: Promise<Exit>;
  /** The web process's address once it listens, e.g. http://127.0.0.1:40123. */
  url = '';
  #exit: Exit | undefined;
  readonly #watchers = new Set<{ test: (line: LogLine) => boolean; resolve: (line: LogLine) => void }>();

  constructor(name: string, child: ChildProcess) {
    this.name = name;
    this.child = child;
    this.exited = once(child, 'exit').then(([code, signal]) => {
      this.#exit = { code: code as number | null, signal: signal as NodeJS.Signals | null };
      running.delete(this);
      return this.#exit;
    });
    if (child.stdout) {
      createInterface({ input: child.stdout }).on('line', (text) => {
        const line = parseLine(text);
        if (!line) {
          this.stderr.push(text);
          return;
        }
        if (this.lines.length >= MAX_LINES) this.lines.splice(0, this.lines.length - MAX_LINES + 1);
        this.lines.push(line);
        for (const watcher of this.#watchers) {
          if (watcher.test(line)) {
            this.#watchers.delete(watcher);
            watcher.resolve(line);
          }
        }
      });
    }
    child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString('utf8')));
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get hasExited(): boolean {
    return this.#exit !== undefined;
  }

  /** The first log line (already written or still to come) that passes `test`. */
  waitForLine(test: (line: LogLine) => boolean, timeoutMs: number): Promise<LogLine> {
    const seen = this.lines.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const watcher = { test, resolve: (line: LogLine) => (clearTimeout(timer), resolve(line)) };
      const timer = setTimeout(() => {
        this.#watchers.delete(watcher);
        reject(new Error(`${this.name}: no log line as expected within ${timeoutMs} ms. Its log ends:\n${this.tail()}`));
      }, timeoutMs);
      this.#watchers.add(watcher);
      void this.exited.then((exit) => {
        if (!this.#watchers.delete(watcher)) return;
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${exit.code ?? exit.signal ?? '?'}) before the expected log line. Its log ends:\n${this.tail()}`));
      });
    });
  }

  /** Log lines at error level or above (50+). */
  errors(): LogLine[] {
    return this.lines.filter((line) => line.level >= 50);
  }

  tail(count = 15): string {
    return [...this.lines.slice(-count).map((line) => JSON.stringify(line)), ...this.stderr.slice(-5)].join('\n');
  }

  signal(signal: NodeJS.Signals): void {
    if (!this.hasExited) this.child.kill(signal);
  }

  /** SIGTERM, then how it exited (SIGKILL if it has not within `timeoutMs`). */
  async stop(timeoutMs = 20_000): Promise<Exit> {
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL: no chance to finish anything. */
  async kill(): Promise<Exit> {
    this.signal('SIGKILL');
    return this.exited;
  }
}

function parseLine(text: string): LogLine | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || !('level' in value) || !('msg' in value)) return undefined;
    return value as LogLine;
  } catch {
    return undefined;
  }
}

const isListening = (line: LogLine): boolean => typeof line.port === 'number' && line.msg.startsWith('listening on');
/** The worker is ready once its delivery worker runs (it needs WEBHOOK_URL). */
const isDelivering = (line: LogLine): boolean => line.msg === 'delivering webhooks';

let started = 0;

/** Starts `src/server.ts` (ready once it listens) or `src/worker.ts` (ready once it delivers). */
export async function startProcess(options: StartOptions): Promise<ServiceProcess> {
  const launcher = options.launcher ?? TSX;
  const args = launcher.kind === 'tsx' ? ['--import', 'tsx', path.join(ROOT, 'src', `${options.entry}.ts`)] : [launcher.files[options.entry]];
  started += 1;
  const name = options.name ?? `${options.entry}-${String(started)}`;
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // Every person in these tests comes from 127.0.0.1: the per-address limit on forms sent without a
    // session (its own test is test/http/sessions-for-nobody.test.ts) would stop them after a hundred.
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: '0', ANONYMOUS_POSTS_PER_IP_PER_HOUR: '100000', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = new ServiceProcess(name, child);
  running.add(proc);
  const ready = await proc.waitForLine(options.entry === 'server' ? isListening : isDelivering, options.readyTimeoutMs ?? 60_000);
  if (options.entry === 'server') proc.url = `http://127.0.0.1:${String(ready.port)}`;
  return proc;
}

/** For afterAll: SIGKILL every child still running, and wait for them to go. */
export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...running].map((proc) => proc.kill()));
}

// A test runner that stops without afterAll (a crash, a timeout) still leaves no child behind.
process.once('exit', () => {
  for (const proc of running) proc.signal('SIGKILL');
});

/**
 * The server and worker bundled into one file each (esbuild), for tests that
 * start many processes: the same source, loaded without tsx's module hooks,
 * starts in about half the CPU time. Each source file's `import.meta.url`
 * stays its own, so the views, locales and migrations are found where they
 * are; packages are loaded from node_modules as usual.
 */
export async function bundleService(): Promise<{ launcher: Launcher; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'irm-bundle-'));
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const files: Record<Entry, string> = { server: path.join(dir, 'server.mjs'), worker: path.join(dir, 'worker.mjs') };
  await build({
    entryPoints: { server: path.join(ROOT, 'src/server.ts'), worker: path.join(ROOT, 'src/worker.ts') },
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    logLevel: 'error',
    plugins: [
      {
        name: 'own-import-meta-url',
        setup(builder) {
          builder.onLoad({ filter: /\/src\/.*\.ts$/ }, async ({ path: file }) => ({
            contents: (await readFile(file, 'utf8')).replaceAll('import.meta.url', JSON.stringify(pathToFileURL(file).href)),
            loader: 'ts',
          }));
        },
      },
    ],
  });
  return { launcher: { kind: 'bundle', files }, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A request an `Alternating` agent made: when it was sent and finished (ms since the epoch), and its status or network error code. */
export interface SentRequest {
  method: string;
  path: string;
  instance: number;
  /** When the request was made, and when its last byte was handed to the operating system. */
  sentAt: number;
  flushedAt?: number;
  doneAt?: number;
  /** The HTTP status, or the network error's code (ECONNREFUSED…) when there was no response. */
  outcome?: number | string;
}

/**
 * One cookie jar whose requests go to the given instances in turn (or to the
 * one `pin` names), as a browser behind a load balancer with no sticky
 * sessions. Every request is recorded in `requests`.
 */
export class Alternating {
  readonly agent: TestAgent;
  readonly requests: SentRequest[] = [];
  #turn = 0;
  #pinned: number | undefined;
  #instance = 0;

  /** The instances; may be changed (a process started again listens elsewhere) and the jar goes on. */
  urls: readonly string[];
  /** Hears of each request once its last byte is written. */
  onSent: ((sent: SentRequest) => void) | undefined;

  constructor(urls: readonly string[], onSent?: (sent: SentRequest) => void) {
    this.urls = urls;
    this.onSent = onSent;
    this.agent = request.agent(urls[0] ?? '');
    // supertest reads `app` (a URL here) once for each request it makes: the next instance in turn.
    Object.defineProperty(this.agent, 'app', {
      get: () => {
        this.#instance = this.#pinned ?? this.#turn % this.urls.length;
        this.#turn += 1;
        return this.urls[this.#instance];
      },
    });
    for (const method of ['get', 'post'] as const) {
      const send = this.agent[method].bind(this.agent);
      this.agent[method] = (url: string) => {
        const test = send(url);
        const sent: SentRequest = { method, path: url, instance: this.#instance, sentAt: Date.now() };
        this.requests.push(sent);
        const done = (outcome: number | string): void => {
          if (sent.outcome !== undefined) return;
          sent.outcome = outcome;
          sent.doneAt = Date.now();
        };
        // superagent's 'request' event gives itself, holding node's ClientRequest, whose 'finish' means every byte is written.
        test.on('request', ({ req }: { req: { on(event: 'finish', listener: () => void): void } }) =>
          req.on('finish', () => {
            sent.flushedAt = Date.now();
            this.onSent?.(sent);
          }),
        );
        test.on('response', (res: { status: number }) => done(res.status));
        test.on('error', (err: { status?: number; code?: string }) => done(err.status ?? err.code ?? 'error'));
        return test;
      };
    }
  }

  /** The instances that served requests, by index. */
  get served(): number[] {
    return this.requests.map((sent) => sent.instance);
  }

  /** Sends every request to instance `index` until `pin(undefined)`. */
  pin(index: number | undefined): void {
    this.#pinned = index;
  }
}
