import { z } from 'zod';
import type { Database, Queryable } from './database.ts';
import { DraftNotFoundError, isId } from './drafts.ts';

const applicationRowSchema = z
  .object({
    id: z.string(),
    reference: z.string(),
    draft_id: z.string(),
    journey_id: z.string(),
    journey_version: z.string(),
    route: z.string(),
    late: z.boolean(),
    data: z.unknown(),
    submitted_at: z.date(),
  })
  .transform((row) => ({
    id: row.id,
    reference: row.reference,
    draftId: row.draft_id,
    journeyId: row.journey_id,
    journeyVersion: row.journey_version,
    route: row.route,
    late: row.late,
    /** the submitted document */
    data: row.data,
    submittedAt: row.submitted_at,
  }));

export type Application = z.infer<typeof applicationRowSchema>;

export const APPLICATION_COLUMNS = 'id, reference, draft_id, journey_id, journey_version, route, late, data, submitted_at';

export function parseApplicationRow(row: unknown): Application {
  return applicationRowSchema.parse(row);
}

/** How many fresh references to try before giving up on a submission. */
export const REFERENCE_ATTEMPTS = 5;

export class ReferenceCollisionError extends Error {
  constructor(attempts: number) {
    super(`Could not find an unused application reference in ${attempts} attempts`);
    this.name = 'ReferenceCollisionError';
  }
}

export interface SubmitInput {
  draftId: string;
  journeyId: string;
  journeyVersion: string;
  route: string;
  late: boolean;
  /** The finished application document, stored as jsonb: plain JSON values only. */
  data: unknown;
  /** A new candidate reference; called again if the last one is taken. */
  newReference: () => string;
}

export interface SubmitResult {
  application: Application;
  /** false when the draft had already been submitted: this is that earlier application. */
  created: boolean;
}

/**
 * Runs inside the submission's transaction, after the application row is
 * written and the draft marked submitted, only when a new application was
 * created. Whatever it writes with `tx` (outbox rows, for instance) commits or
 * rolls back together with the application; if it throws, nothing is saved.
 */
export type OnSubmitted = (tx: Queryable, application: Application) => Promise<void>;

export interface ApplicationRepositoryOptions {
  onSubmitted?: OnSubmitted;
}

export interface ApplicationRepository {
  /**
   * Turns a draft into an application exactly once, however many times (and
   * however concurrently) it is called for the same draft.
   * @throws DraftNotFoundError, ReferenceCollisionError
   */
  submit(input: SubmitInput): Promise<SubmitResult>;
  getById(id: string): Promise<Application | undefined>;
  getByReference(reference: string): Promise<Application | undefined>;
}

export function createApplicationRepository(db: Database, options: ApplicationRepositoryOptions = {}): ApplicationRepository {
  async function findOne(sql: string, params: unknown[], target: Queryable = db): Promise<Application | undefined> {
    const [row] = await target.query(sql, params);
    return row ? parseApplicationRow(row) : undefined;
  }

  return {
    async submit(input) {
      if (!isId(input.draftId)) throw new DraftNotFoundError(input.draftId);
      // JSON.stringify returns undefined for undefined (and functions), whatever its type says.
      const data = JSON.stringify(input.data) as string | undefined;
      if (data === undefined) throw new TypeError('An application needs its data');

      return db.transaction(async (tx) => {
        // The row lock queues a concurrent submit of the same draft behind
        // this one; when it gets the lock it sees the draft already submitted.
        const [draft] = await tx.query<{ submitted_application_id: string | null }>('SELECT submitted_application_id FROM drafts WHERE id = $1 FOR UPDATE', [
          input.draftId,
        ]);
        if (!draft) throw new DraftNotFoundError(input.draftId);
        if (draft.submitted_application_id) {
          const existing = await findOne(`SELECT ${APPLICATION_COLUMNS} FROM applications WHERE id = $1`, [draft.submitted_application_id], tx);
          if (!existing) throw new Error(`Draft ${input.draftId} points at a missing application ${draft.submitted_application_id}`);
          return { application: existing, created: false };
        }

        let application: Application | undefined;
        for (let attempt = 0; attempt < REFERENCE_ATTEMPTS && !application; attempt += 1) {
          // ON CONFLICT on the reference only: a taken reference yields no row
          // (and leaves the transaction usable for the next try), while a
          // second application for this draft still fails on draft_id.
          application = await findOne(
            `INSERT INTO applications (reference, draft_id, journey_id, journey_version, route, late, data)
             VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
             ON CONFLICT (reference) DO NOTHING
             RETURNING ${APPLICATION_COLUMNS}`,
            [input.newReference(), input.draftId, input.journeyId, input.journeyVersion, input.route, input.late, data],
            tx,
          );
        }
        if (!application) throw new ReferenceCollisionError(REFERENCE_ATTEMPTS);

        await tx.query('UPDATE drafts SET submitted_application_id = $2, updated_at = now() WHERE id = $1', [input.draftId, application.id]);
        await options.onSubmitted?.(tx, application);
        return { application, created: true };
      });
    },

    async getById(id) {
      if (!isId(id)) return undefined;
      return findOne(`SELECT ${APPLICATION_COLUMNS} FROM applications WHERE id = $1`, [id]);
    },

    async getByReference(reference) {
      return findOne(`SELECT ${APPLICATION_COLUMNS} FROM applications WHERE reference = $1`, [reference]);
    },
  };
}
