import { parseArgs } from 'node:util';
import { retentionCutOff } from '../rules/draft-retention.ts';
import type { DraftRetentionRepository } from '../store/draft-retention.ts';

/**
 * `npm run ops -- retention [--dry-run]`: the retention job, once, by hand.
 * With --dry-run it only counts what it would delete.
 */

export const RETENTION_USAGE = `Usage: npm run ops -- retention [--dry-run]

  Deletes unsubmitted drafts nobody has changed for DRAFT_RETENTION_DAYS days,
  with their uploaded files and save-and-return links (the job the service runs
  every hour). --dry-run counts them and deletes nothing.`;

export interface RetentionCommandDeps {
  readonly open: () => Promise<{ retention: Pick<DraftRetentionRepository, 'countAbandoned' | 'deleteAbandoned'>; close: () => Promise<void> }>;
  readonly retentionDays: number;
  readonly now: () => Date;
  readonly out: (line: string) => void;
}

/** @returns the process exit code */
export async function runRetentionCommand(argv: readonly string[], deps: RetentionCommandDeps): Promise<number> {
  let dryRun: boolean;
  try {
    const { values } = parseArgs({ args: [...argv], options: { 'dry-run': { type: 'boolean', default: false } } });
    dryRun = values['dry-run'];
  } catch (err) {
    deps.out(`${err instanceof Error ? err.message : String(err)}\n\n${RETENTION_USAGE}`);
    return 2;
  }
  const before = retentionCutOff(deps.now(), deps.retentionDays);
  const { retention, close } = await deps.open();
  try {
    const counts = dryRun ? await retention.countAbandoned(before) : await retention.deleteAbandoned(before);
    const what = `${counts.drafts} draft(s), ${counts.files} file(s), ${counts.links} link(s)`;
    deps.out(`Unsubmitted drafts not changed since ${before.toISOString()} (DRAFT_RETENTION_DAYS=${deps.retentionDays}):`);
    deps.out(dryRun ? `would delete ${what} (dry run: nothing deleted)` : `deleted ${what}`);
    return 0;
  } finally {
    await close();
  }
}
