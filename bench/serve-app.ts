import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createJourneyRouters } from '../src/journeys/index.ts';
import { openStore } from '../src/store/index.ts';
import { createLogger } from '../src/web/logging.ts';
import { noStore } from '../src/web/security.ts';
import { BENCH_NOW, type ServerReady } from './scenario.ts';
import { announce, answerControlRequests, stopOnSignal } from './server-lifecycle.ts';

/**
 * The real service for the benchmark, wired as src/server.ts wires it (config
 * from the environment, the database store, the request logger), with one
 * difference: a fixed clock (BENCH_NOW), so the prepared answers stay valid.
 *
 * bench/run.ts starts it with NODE_ENV=production, a data dir in a temp folder
 * (PGlite on disk, as `npm start` uses), PGlite in memory with
 * BENCH_PGLITE_IN_MEMORY=1, or DATABASE_URL when BENCH_DATABASE_URL is set.
 * Run alone, it prints its port on stderr.
 */

const config = loadConfig();
const logger = createLogger(config);
// BENCH_PGLITE_IN_MEMORY=1 (`npm run bench -- --db memory`) shows what the disk costs.
const inMemory = process.env['BENCH_PGLITE_IN_MEMORY'] === '1' && !config.databaseUrl;
const store = await openStore({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  inMemory,
  onBackgroundError: (err) => logger.error({ err }, 'database background error'),
  session: { onError: (err) => logger.error({ err }, 'session store error') },
});

const app = createApp({
  config,
  logger,
  sessionStore: store.sessions,
  routers: createJourneyRouters({
    drafts: store.drafts,
    applications: store.applications,
    extraBankHolidays: config.bankHolidaysExtra,
    now: () => BENCH_NOW,
    pageMiddleware: [noStore],
  }),
});

const server = app.listen(config.port, config.host);
await new Promise<void>((resolve, reject) => {
  server.once('listening', resolve);
  server.once('error', reject);
});

const ready: ServerReady = {
  type: 'ready',
  port: (server.address() as AddressInfo).port,
  engine: store.db.engine,
  notes: `NODE_ENV=${config.nodeEnv}, log level ${config.logLevel}, ${config.databaseUrl ? 'PostgreSQL at DATABASE_URL' : inMemory ? 'PGlite in memory' : `PGlite data dir ${config.dataDir}`}`,
};
answerControlRequests();
announce(ready);
stopOnSignal(server, () => store.close());
