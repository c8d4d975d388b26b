import type { Logger } from 'pino';
import { retentionCutOff } from '../rules/draft-retention.ts';
import type { DraftRetentionRepository, RetentionCounts } from '../store/draft-retention.ts';

/**
 * The scheduled retention job: every `intervalMs` (an hour), and once as it
 * starts, it deletes the unsubmitted drafts nobody has changed for
 * DRAFT_RETENTION_DAYS, with their files and save-and-return links. It runs
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
}

export interface RunningDraftRetention {
  /** One run now (or the one in progress): what it deleted. */
  runOnce(): Promise<RetentionCounts>;
  /** No more runs; waits for one in progress. */
  stop(): Promise<void>;
}

export function startDraftRetention(options: DraftRetentionJobOptions): RunningDraftRetention {
  const { logger } = options;
  let running: Promise<RetentionCounts> | undefined;
  let stopped = false;

  function runOnce(): Promise<RetentionCounts> {
    running ??= (async () => {
      try {
        const before = retentionCutOff(options.now(), options.retentionDays);
        const deleted = await options.retention.deleteAbandoned(before);
        if (deleted.drafts > 0)
          logger.info({ retention: { ...deleted, before: before.toISOString() } }, 'deleted unsubmitted drafts past their retention time');
        return deleted;
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  const tick = (): void => {
    if (stopped) return;
    runOnce().catch((err: unknown) => {
      logger.error({ err }, 'the draft retention job failed; it will try again at its next run');
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
