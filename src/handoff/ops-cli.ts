import { ConfigError, loadConfig } from '../config.ts';
import { runRetentionCommand } from '../retention/retention-command.ts';
import { createDraftRetentionRepository } from '../store/draft-retention.ts';
import { openStore } from '../store/index.ts';
import { createOutbox } from '../store/outbox.ts';
import { OpsUsageError, runOps } from './ops.ts';

/**
 * `npm run ops -- <command>`: the operator's view of the webhook outbox (see
 * `npm run ops -- help`), and the drafts' retention job by hand
 * (`npm run ops -- retention [--dry-run]`). Uses the same configuration as
 * the service. On PGlite the service must be stopped first: PGlite serves one
 * process.
 */
try {
  const config = loadConfig();
  const [command, ...rest] = process.argv.slice(2);
  const openStoreOnly = () => openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, session: { pruneIntervalMs: 0 } });
  const code =
    command === 'retention'
      ? await runRetentionCommand(rest, {
          retentionDays: config.drafts.retentionDays,
          now: () => new Date(),
          out: (line) => console.log(line),
          async open() {
            const store = await openStoreOnly();
            return { retention: createDraftRetentionRepository(store.db), close: () => store.close() };
          },
        })
      : await runOps(process.argv.slice(2), {
          endpointUrl: config.handoff.webhook?.url,
          now: () => new Date(),
          out: (line) => console.log(line),
          async openOutbox() {
            const store = await openStoreOnly();
            return { outbox: createOutbox(store.db), close: () => store.close() };
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
