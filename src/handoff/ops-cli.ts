import { readFile } from 'node:fs/promises';
import { AgencyOpsUsageError, runAgencyOps } from '../agency-directory/ops.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { runRetentionCommand } from '../retention/retention-command.ts';
import { createDraftRetentionRepository } from '../store/draft-retention.ts';
import { createRecordRetentionRepository } from '../store/record-retention.ts';
import { openStore } from '../store/index.ts';
import { createOutbox } from '../store/outbox.ts';
import { OpsUsageError, runOps } from './ops.ts';

/**
/**
 * `npm run ops -- <command>`: the operator's view of the webhook outbox and
 * the agencies' links (see `npm run ops -- help`), the agency directory (`npm run ops -- agencies …`)
 * and the drafts' retention job by hand (`npm run ops -- retention
 * [--dry-run]`). Uses the same configuration as the service. On PGlite the
 * service must be stopped first: PGlite serves one process.
 */
try {
  const config = loadConfig();
  const [command, ...rest] = process.argv.slice(2);
  const openStoreForOps = () => openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, session: { pruneIntervalMs: 0 } });
  const now = () => new Date();
  const out = (line: string) => console.log(line);
  let code: number;
  if (command === 'agencies') {
    code = await runAgencyOps(rest, {
      now,
      out,
      readFile: (path) => readFile(path),
      async openAgencies() {
        const store = await openStoreForOps();
        return { agencies: store.agencies, close: () => store.close() };
      },
    });
  } else if (command === 'retention') {
    code = await runRetentionCommand(rest, {
      retentionDays: config.drafts.retentionDays,
      recordPeriods: config.records,
      now,
      out,
      async open() {
        const store = await openStoreForOps();
        return { retention: createDraftRetentionRepository(store.db), records: createRecordRetentionRepository(store.db), close: () => store.close() };
      },
    });
  } else {
    code = await runOps(process.argv.slice(2), {
      endpointUrl: config.handoff.webhook?.url,
      now: () => new Date(),
      out: (line) => console.log(line),
      async openOutbox() {
        const store = await openStoreForOps();
        return { outbox: createOutbox(store.db), close: () => store.close() };
      },
      async openAgencyLinks() {
        const store = await openStoreForOps();
        return {
          links: {
            notification: (id) => store.agencyNotifications.get(id),
            links: (id) => store.linkTokens.listForSubject('agency-response', id),
            revoke: (id, at) => store.linkTokens.revokeForSubject(store.db, 'agency-response', id, at),
          },
          close: () => store.close(),
        };
      },
    });
  }
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
