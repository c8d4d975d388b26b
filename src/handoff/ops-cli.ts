import { ConfigError, loadConfig } from '../config.ts';
import { openStore } from '../store/index.ts';
import { createOutbox } from '../store/outbox.ts';
import { OpsUsageError, runOps } from './ops.ts';

/**
 * `npm run ops -- <command>`: the operator's view of the webhook outbox and the agencies' links (see
 * `npm run ops -- help`). Uses the same configuration as the service. On
 * PGlite the service must be stopped first: PGlite serves one process.
 */
try {
  const config = loadConfig();
  const code = await runOps(process.argv.slice(2), {
    endpointUrl: config.handoff.webhook?.url,
    now: () => new Date(),
    out: (line) => console.log(line),
    async openOutbox() {
      const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, session: { pruneIntervalMs: 0 } });
      return { outbox: createOutbox(store.db), close: () => store.close() };
    },
    async openAgencyLinks() {
      const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, session: { pruneIntervalMs: 0 } });
      return {
        links: {
          notification: (id) => store.agencyNotifications.get(id),
          links: (id) => store.linkTokens.listForSubject('agency-response', id),
          revoke: (id, now) => store.linkTokens.revokeForSubject(store.db, 'agency-response', id, now),
        },
        close: () => store.close(),
      };
    },
  });
  process.exitCode = code;
} catch (error) {
  if (error instanceof ConfigError || error instanceof OpsUsageError) {
    console.error(error.message);
    process.exitCode = 2;
  } else {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
