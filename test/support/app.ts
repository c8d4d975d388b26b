import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express, Router } from 'express';
import session from 'express-session';
import { createApp, type AppDeps } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';

/** Configuration as in a test run, with any environment variables overridden. */
export function testConfig(env: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({ NODE_ENV: 'test', ...env });
}

export interface TestApp {
  app: Express;
  config: Config;
  sessionStore: session.MemoryStore;
}

/** The whole app on an in-memory session store; no database. */
export function createTestApp(options: { env?: NodeJS.ProcessEnv; routers?: Router[]; csrf?: AppDeps['csrf']; logger?: AppDeps['logger'] } = {}): TestApp {
  const config = testConfig(options.env);
  const sessionStore = new session.MemoryStore();
  const app = createApp({ config, sessionStore, routers: options.routers ?? [], csrf: options.csrf, logger: options.logger });
  return { app, config, sessionStore };
}

export interface RunningApp {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

/** Listens on an ephemeral port on 127.0.0.1 only. */
export async function startApp(app: Express): Promise<RunningApp> {
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * For afterAll: closes, in order, whatever beforeAll got as far as starting. A
 * failed start leaves the rest unset whatever their declared types say, and
 * closing those must not bury the failure under a TypeError.
 */
export async function closeStarted(...started: ReadonlyArray<{ close(): Promise<unknown> } | undefined>): Promise<void> {
  for (const thing of started) await thing?.close();
}
