import type { Logger } from 'pino';
import { retentionCutOff } from '../rules/draft-retention.ts';
import { recordRetentionCutOffs, type RecordRetentionPeriods } from '../rules/record-retention.ts';
import type { DraftRetentionRepository, RetentionCounts } from '../store/draft-retention.ts';
import type { RecordRetentionCounts, RecordRetentionRepository } from '../store/record-retention.ts';

/**
 * The scheduled retention job: every `intervalMs` (an hour), and once as it
 * starts, it deletes the unsubmitted drafts nobody has changed for
 * DRAFT_RETENTION_DAYS, with their files and save-and-return links, and (with
 * `records`) the sent applications the caseworker system has had in full for
 * APPLICATION_RETENTION_DAYS and the delivery logs older than
 * DELIVERY_LOG_RETENTION_DAYS (src/rules/record-retention.ts). It runs
 * wherever the delivery workers run (the web process with
 * WORKER_MODE=in-process, else `npm run worker`); several at once are safe, as
 * each skips the drafts another is deleting.
 */

export interface DraftRetentionJobOptions {
  readonly retention: Pick<DraftRetentionRepository, 'deleteAbandoned'>;
  readonly retentionDays: number;
  readonly intervalMs: number;
  readonly now: () => Date;
  readonly logger: Logger;
  /** Sent applications and delivery logs, in the same run. */
  readonly records?: {
    readonly retention: Pick<RecordRetentionRepository, 'deleteDue'>;
    readonly periods: RecordRetentionPeriods;
  };
}

/** What a run deleted: the drafts' counts, and the records' when the job has them. */
export type RetentionRun = RetentionCounts & { readonly records?: RecordRetentionCounts };

const anyDeleted = (counts: object): boolean => Object.values(counts).some((value) => (typeof value === 'number' ? value > 0 : anyDeleted(value as object)));

export interface RunningDraftRetention {
  /** One run now (or the one in progress): what it deleted. */
  runOnce(): Promise<RetentionRun>;
  /** No more runs; waits for one in progress. */
  stop(): Promise<void>;
}

export function startDraftRetention(options: DraftRetentionJobOptions): RunningDraftRetention {
  const { logger } = options;
  let running: Promise<RetentionRun> | undefined;
  let stopped = false;

  function runOnce(): Promise<RetentionRun> {
    running ??= (async () => {
      try {
        const now = options.now();
        const before = retentionCutOff(now, options.retentionDays);
        const deleted = await options.retention.deleteAbandoned(before);
        if (deleted.drafts > 0)
          logger.info({ retention: { ...deleted, before: before.toISOString() } }, 'deleted unsubmitted drafts past their retention time');
        if (!options.records) return deleted;
        const cutOffs = recordRetentionCutOffs(now, options.records.periods);
        const records = await options.records.retention.deleteDue(cutOffs);
        if (anyDeleted(records))
          logger.info(
            { retention: { ...records, applicationsBefore: cutOffs.applications.toISOString(), deliveryLogsBefore: cutOffs.deliveryLogs.toISOString() } },
            'deleted sent applications and delivery logs past their retention time',
          );
        return { ...deleted, records };
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  const tick = (): void => {
    if (stopped) return;
    runOnce().catch((err: unknown) => {
      logger.error({ err }, 'the retention job failed; it will try again at its next run');
    });
  };
  const first = setTimeout(tick, 0);
  const timer = setInterval(tick, options.intervalMs);
  first.unref();
  timer.unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
