import { readFile } from 'node:fs/promises';
import { AgencyOpsUsageError, runAgencyOps } from '../agency-directory/ops.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { openStore } from '../store/index.ts';
import { createOutbox } from '../store/outbox.ts';
import { OpsUsageError, runOps } from './ops.ts';

/**
 * `npm run ops -- <command>`: the operator's view of the webhook outbox, and
 * the agency directory (see `npm run ops -- help`). Uses the same
 * configuration as the service. On PGlite the service must be stopped first:
 * PGlite serves one process.
 */
try {
  const config = loadConfig();
  const argv = process.argv.slice(2);
  const openStoreForOps = () => openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, session: { pruneIntervalMs: 0 } });
  const code =
    argv[0] === 'agencies'
      ? await runAgencyOps(argv.slice(1), {
          now: () => new Date(),
          out: (line) => console.log(line),
          readFile: (path) => readFile(path),
          async openAgencies() {
            const store = await openStoreForOps();
            return { agencies: store.agencies, close: () => store.close() };
          },
        })
      : await runOps(argv, {
          endpointUrl: config.handoff.webhook?.url,
          now: () => new Date(),
          out: (line) => console.log(line),
          async openOutbox() {
            const store = await openStoreForOps();
            return { outbox: createOutbox(store.db), close: () => store.close() };
          },
        });
  process.exitCode = code;
} catch (error) {
  if (error instanceof ConfigError || error instanceof OpsUsageError || error instanceof AgencyOpsUsageError) {
    console.error(error.message);
    process.exitCode = 2;
  } else {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
