import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ControlReply, ControlRequest, ServerReady } from './scenario.ts';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface ServerProcess extends ServerReady {
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
  /** The file to run, relative to the repository root. */
  readonly script: string;
  /** The child's whole environment (nothing else is passed down). */
  readonly env: NodeJS.ProcessEnv;
  /** The child's stdout (the service's request log) goes here. */
  readonly logFile: string;
  readonly readyTimeoutMs?: number;
}

/**
 * Runs a server in its own process, so the load generator never shares its
 * event loop. `node --import tsx` (not the tsx CLI) keeps it one process: the
 * pid, the IPC channel and the profiler all belong to the server itself.
 */
export async function startServer(name: string, opts: StartOptions): Promise<ServerProcess> {
  const timeoutMs = opts.readyTimeoutMs ?? 90_000;
  const log = openSync(opts.logFile, 'a');
  const child = (() => {
    try {
      return spawn(process.execPath, ['--import', 'tsx', opts.script], {
        cwd: REPO_ROOT,
        env: opts.env,
        stdio: ['ignore', log, 'inherit', 'ipc'],
      });
    } finally {
      closeSync(log);
    }
  })();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const ready = await new Promise<ServerReady>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: ServerReady): void => {
      if (message?.type !== 'ready') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} stopped before it was ready (code ${code}, signal ${signal}); its log: ${opts.logFile}`));
    });
  }).catch(async (err: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw err;
  });

  type Action = { action: 'profile-start' } | { action: 'profile-stop'; file: string } | { action: 'cpu' };
  let lastId = 0;
  const control = (action: Action): Promise<ControlReply> =>
    new Promise((resolve, reject) => {
      const request: ControlRequest = { type: 'control', id: ++lastId, ...action };
      const onMessage = (message: ControlReply): void => {
        if (message?.type !== 'control-done' || message.id !== request.id) return;
        child.off('message', onMessage);
        if (message.error) reject(new Error(`${name}: ${request.action} failed: ${message.error}`));
        else resolve(message);
      };
      child.on('message', onMessage);
      child.send(request);
    });

  return {
    ...ready,
    name,
    url: `http://127.0.0.1:${ready.port}`,
    pid: child.pid,
    cpuMicros: async () => (await control({ action: 'cpu' })).cpuMicros ?? Number.NaN,
    startProfile: async () => void (await control({ action: 'profile-start' })),
    stopProfile: async (file) => void (await control({ action: 'profile-stop', file })),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(force);
    },
  };
}
