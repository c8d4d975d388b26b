import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ControlReply, ControlRequest } from './scenario.ts';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const CONTROL_MODULE = pathToFileURL(fileURLToPath(new URL('./child-control.ts', import.meta.url))).href;

export interface ServerProcess {
  readonly name: string;
  readonly url: string;
  readonly pid: number | undefined;
  /** CPU time (user + system) the child has used so far, in microseconds. */
  cpuMicros(): Promise<number>;
  /** Starts the child's CPU profiler. */
  startProfile(): Promise<void>;
  /** Stops it and has the child write the profile (a .cpuprofile) to `file`. */
  stopProfile(file: string): Promise<void>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** The entry point to run, relative to the repository root. */
  readonly script: string;
  /** The child's environment (nothing else is passed down); PORT and HOST are added. */
  readonly env: NodeJS.ProcessEnv;
  /** The child's stdout (for the service, its request log) goes here. */
  readonly logFile: string;
  /** GET this until it answers: then the server is ready. */
  readonly readyPath: string;
  readonly readyTimeoutMs?: number;
}

/** A port nobody listens on right now, on loopback. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a server in its own process, so the load generator never shares its
 * event loop. `node --import tsx` (not the tsx CLI) keeps it one process, and
 * `--import bench/child-control.ts` lets the benchmark read its CPU time and
 * profile it without changing the server's own code.
 */
export async function startServer(name: string, opts: StartOptions): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = openSync(opts.logFile, 'a');
  const child = (() => {
    try {
      return spawn(process.execPath, ['--import', 'tsx', '--import', CONTROL_MODULE, opts.script], {
        cwd: REPO_ROOT,
        env: { ...opts.env, HOST: '127.0.0.1', PORT: String(port) },
        stdio: ['ignore', log, 'inherit', 'ipc'],
      });
    } finally {
      closeSync(log);
    }
  })();
  let exitStatus: string | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exitStatus = `code ${code ?? 'none'}, signal ${signal ?? 'none'}`;
      resolve();
    }),
  );

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 90_000);
  for (;;) {
    if (exitStatus) throw new Error(`${name} stopped before it was ready (${exitStatus}); its output is above or in ${opts.logFile}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`${name} was not ready within ${opts.readyTimeoutMs ?? 90_000} ms; see ${opts.logFile}`);
    }
    try {
      const res = await fetch(`${url}${opts.readyPath}`, { redirect: 'manual' });
      await res.arrayBuffer();
      break;
    } catch {
      await sleep(200);
    }
  }

  type Action = { action: 'profile-start' } | { action: 'profile-stop'; file: string } | { action: 'cpu' };
  let lastId = 0;
  const control = (action: Action): Promise<ControlReply> =>
    new Promise((resolve, reject) => {
      const request: ControlRequest = { type: 'control', id: ++lastId, ...action };
      const onMessage = (message: ControlReply | undefined): void => {
        if (message?.type !== 'control-done' || message.id !== request.id) return;
        child.off('message', onMessage);
        if (message.error) reject(new Error(`${name}: ${request.action} failed: ${message.error}`));
        else resolve(message);
      };
      child.on('message', onMessage);
      child.send(request);
    });

  return {
    name,
    url,
    pid: child.pid,
    cpuMicros: async () => (await control({ action: 'cpu' })).cpuMicros ?? Number.NaN,
    startProfile: async () => {
      await control({ action: 'profile-start' });
    },
    stopProfile: async (file) => {
      await control({ action: 'profile-stop', file });
    },
    async stop() {
      if (exitStatus) return;
      const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(force);
    },
  };
}
