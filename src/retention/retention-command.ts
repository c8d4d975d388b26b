import { parseArgs } from 'node:util';
import { retentionCutOff } from '../rules/draft-retention.ts';
import { recordRetentionCutOffs, type RecordRetentionPeriods } from '../rules/record-retention.ts';
import type { DraftRetentionRepository } from '../store/draft-retention.ts';
import type { RecordRetentionCounts, RecordRetentionRepository } from '../store/record-retention.ts';

/**
 * `npm run ops -- retention [--dry-run]`: the retention job, once, by hand.
 * With --dry-run it only counts what it would delete.
 */

export const RETENTION_USAGE = `Usage: npm run ops -- retention [--dry-run]

  Deletes what the service no longer keeps (the job the service runs every
  hour): unsubmitted drafts nobody has changed for DRAFT_RETENTION_DAYS days,
  with their uploaded files and save-and-return links; sent applications the
  caseworker system has had in full (every webhook event acknowledged, every
  file downloaded) for APPLICATION_RETENTION_DAYS days, with their files, agency
  notifications, responses, links, webhook events and emails; and webhook and
  email attempts and emails sent more than DELIVERY_LOG_RETENTION_DAYS days
  ago. --dry-run counts them, kind by kind, and deletes nothing.`;

export interface RetentionCommandDeps {
  readonly open: () => Promise<{
    retention: Pick<DraftRetentionRepository, 'countAbandoned' | 'deleteAbandoned'>;
    /** Sent applications and delivery logs; without it, drafts only. */
    records?: Pick<RecordRetentionRepository, 'countDue' | 'deleteDue'>;
    close: () => Promise<void>;
  }>;
  readonly retentionDays: number;
  /** APPLICATION_RETENTION_DAYS and DELIVERY_LOG_RETENTION_DAYS (needed with `records`). */
  readonly recordPeriods?: RecordRetentionPeriods;
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
  const now = deps.now();
  const before = retentionCutOff(now, deps.retentionDays);
  const { retention, records, close } = await deps.open();
  const said = (what: string): string => (dryRun ? `would delete ${what} (dry run: nothing deleted)` : `deleted ${what}`);
  try {
    const counts = dryRun ? await retention.countAbandoned(before) : await retention.deleteAbandoned(before);
    deps.out(`Unsubmitted drafts not changed since ${before.toISOString()} (DRAFT_RETENTION_DAYS=${deps.retentionDays}):`);
    deps.out(said(`${counts.drafts} draft(s), ${counts.files} file(s), ${counts.links} link(s)`));
    if (records && deps.recordPeriods) {
      const periods = deps.recordPeriods;
      const cutOffs = recordRetentionCutOffs(now, periods);
      const due = dryRun ? await records.countDue(cutOffs) : await records.deleteDue(cutOffs);
      for (const line of recordLines(due, cutOffs, periods, said)) deps.out(line);
    }
    return 0;
  } finally {
    await close();
  }
}

function recordLines(
  counts: RecordRetentionCounts,
  cutOffs: { applications: Date; deliveryLogs: Date },
  periods: RecordRetentionPeriods,
  said: (what: string) => string,
): string[] {
  const a = counts.applications;
  const l = counts.deliveryLogs;
  return [
    `Sent applications delivered and downloaded before ${cutOffs.applications.toISOString()} (APPLICATION_RETENTION_DAYS=${periods.applicationDays}):`,
    said(
      `${a.applications} application(s), ${a.drafts} draft(s), ${a.files} file(s), ${a.agencyNotifications} agency notification(s), ` +
        `${a.agencyResponses} agency response(s), ${a.links} link(s), ${a.webhookEvents} webhook event(s), ${a.emails} email(s)`,
    ),
    `Delivery logs from before ${cutOffs.deliveryLogs.toISOString()} (DELIVERY_LOG_RETENTION_DAYS=${periods.deliveryLogDays}):`,
    said(`${l.webhookAttempts} webhook attempt(s), ${l.emailAttempts} email attempt(s), ${l.sentEmails} sent email(s)`),
  ];
}
