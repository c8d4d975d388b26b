import { z } from 'zod';
import type { Queryable } from './database.ts';
import { isId } from './drafts.ts';

/**
 * Retention of unsubmitted drafts (migration 006): what a draft's deletion
 * clock counts from (`updated_at`), and deleting the drafts whose clock has
 * run out together with everything that hangs off them: their evidence files
 * (by the foreign key's cascade) and their save-and-return links (link tokens
 * have no foreign key, as their subject may be a draft or something else).
 * Submitted drafts are never deleted here.
 */

export interface RetentionCounts {
  readonly drafts: number;
  readonly files: number;
  readonly links: number;
}

const countsSchema = z.object({ drafts: z.number(), files: z.number(), links: z.number() });

export interface DraftRetentionRepository {
  /**
   * Marks an unsubmitted draft as changed at `now` (someone asked for a link
   * to it, or came back through one), restarting its deletion clock.
   * @returns when it last changed, now; undefined when there is no such unsubmitted draft
   */
  touch(tx: Queryable, draftId: string, now: Date): Promise<Date | undefined>;
  /** What `deleteAbandoned(before)` would delete (a dry run). */
  countAbandoned(before: Date): Promise<RetentionCounts>;
  /**
   * Deletes every unsubmitted draft last changed before `before`, with its
   * files and links, `batchSize` drafts per statement. Drafts another worker
   * is deleting, or someone is changing, at that moment are skipped (locked
   * rows): a later run gets them if they are still due.
   */
  deleteAbandoned(before: Date, options?: { batchSize?: number }): Promise<RetentionCounts>;
}

const DEFAULT_BATCH_SIZE = 200;

export function createDraftRetentionRepository(db: Queryable): DraftRetentionRepository {
  return {
    async touch(tx, draftId, now) {
      if (!isId(draftId)) return undefined;
      const [row] = await tx.query(`UPDATE drafts SET updated_at = $2 WHERE id = $1 AND submitted_application_id IS NULL RETURNING updated_at`, [draftId, now]);
      return z.object({ updated_at: z.date() }).optional().parse(row)?.updated_at;
    },

    async countAbandoned(before) {
      const [row] = await db.query(
        `WITH due AS (SELECT id FROM drafts WHERE submitted_application_id IS NULL AND updated_at < $1)
         SELECT (SELECT count(*)::int FROM due) AS drafts,
                (SELECT count(*)::int FROM evidence_files WHERE draft_id IN (SELECT id FROM due)) AS files,
                (SELECT count(*)::int FROM link_tokens WHERE purpose = 'resume-draft' AND subject_id IN (SELECT id FROM due)) AS links`,
        [before],
      );
      return countsSchema.parse(row);
    },

    async deleteAbandoned(before, options = {}) {
      const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
      const total = { drafts: 0, files: 0, links: 0 };
      for (;;) {
        // One statement per batch: the drafts, their links and (by cascade) their files go together or not at all.
        const [row] = await db.query(
          `WITH due AS (
             SELECT id FROM drafts
              WHERE submitted_application_id IS NULL AND updated_at < $1
              ORDER BY updated_at
              LIMIT $2
              FOR UPDATE SKIP LOCKED
           ),
           links AS (DELETE FROM link_tokens WHERE purpose = 'resume-draft' AND subject_id IN (SELECT id FROM due) RETURNING 1),
           files AS (SELECT count(*)::int AS n FROM evidence_files WHERE draft_id IN (SELECT id FROM due)),
           gone AS (DELETE FROM drafts WHERE id IN (SELECT id FROM due) RETURNING 1)
           SELECT (SELECT count(*)::int FROM gone) AS drafts, (SELECT n FROM files) AS files, (SELECT count(*)::int FROM links) AS links`,
          [before, batchSize],
        );
        const batch = countsSchema.parse(row);
        total.drafts += batch.drafts;
        total.files += batch.files;
        total.links += batch.links;
        if (batch.drafts < batchSize) return total;
      }
    },
  };
}
