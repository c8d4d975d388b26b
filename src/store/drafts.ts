import { z } from 'zod';
import type { Queryable } from './database.ts';

/** The values one step saved, by field name. */
export const stepAnswersSchema = z.record(z.string(), z.unknown());
export type StepAnswers = z.infer<typeof stepAnswersSchema>;

const draftRowSchema = z
  .object({
    id: z.string(),
    journey_id: z.string(),
    journey_version: z.string(),
    answers: z.record(z.string(), stepAnswersSchema),
    created_at: z.date(),
    updated_at: z.date(),
    submitted_application_id: z.string().nullable(),
  })
  .transform((row) => ({
    id: row.id,
    journeyId: row.journey_id,
    journeyVersion: row.journey_version,
    /** step id → that step's saved values */
    answers: row.answers,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    submittedApplicationId: row.submitted_application_id,
  }));

export type Draft = z.infer<typeof draftRowSchema>;

export const DRAFT_COLUMNS = 'id, journey_id, journey_version, answers, created_at, updated_at, submitted_application_id';

export function parseDraftRow(row: unknown): Draft {
  return draftRowSchema.parse(row);
}

/**
 * Ids arrive from sessions and URLs; anything that is not a UUID cannot be a
 * draft, and would otherwise make Postgres raise an error instead of "not found".
 */
export const idSchema = z.guid();

export function isId(value: string): boolean {
  return idSchema.safeParse(value).success;
}

export class DraftNotFoundError extends Error {
  constructor(readonly draftId: string) {
    super(`No draft with id ${draftId}`);
    this.name = 'DraftNotFoundError';
  }
}

/** A submitted draft is frozen: its answers are what the application was made from. */
export class DraftSubmittedError extends Error {
  constructor(
    readonly draftId: string,
    readonly applicationId: string,
  ) {
    super(`Draft ${draftId} has already been submitted as application ${applicationId}`);
    this.name = 'DraftSubmittedError';
  }
}

export interface DraftRepository {
  create(journeyId: string, journeyVersion: string): Promise<Draft>;
  get(id: string): Promise<Draft | undefined>;
  /**
   * Saves one step's values, replacing whatever that step held before and
   * leaving every other step as it was. One statement, one round trip.
   * @throws DraftNotFoundError, DraftSubmittedError
   */
  saveStep(id: string, stepId: string, value: StepAnswers): Promise<Draft>;
  /** @throws DraftNotFoundError, DraftSubmittedError */
  removeStep(id: string, stepId: string): Promise<Draft>;
}

/**
 * `now` is the service's clock: a draft's `updated_at` is when it last
 * changed by that clock, which is what retention counts from (and what tests
 * move on).
 */
export function createDraftRepository(db: Queryable, now: () => Date = () => new Date()): DraftRepository {
  /** Runs an UPDATE guarded against submitted drafts; explains a miss with a second look. */
  async function updateUnsubmitted(id: string, sql: string, params: unknown[]): Promise<Draft> {
    if (!isId(id)) throw new DraftNotFoundError(id);
    const [row] = await db.query(sql, [id, ...params]);
    if (row) return parseDraftRow(row);
    const existing = await get(id);
    if (!existing) throw new DraftNotFoundError(id);
    if (existing.submittedApplicationId) throw new DraftSubmittedError(id, existing.submittedApplicationId);
    throw new Error(`Draft ${id} could not be updated`);
  }

  async function get(id: string): Promise<Draft | undefined> {
    if (!isId(id)) return undefined;
    const [row] = await db.query(`SELECT ${DRAFT_COLUMNS} FROM drafts WHERE id = $1`, [id]);
    return row ? parseDraftRow(row) : undefined;
  }

  return {
    async create(journeyId, journeyVersion) {
      const [row] = await db.query(
        `INSERT INTO drafts (journey_id, journey_version, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING ${DRAFT_COLUMNS}`,
        [journeyId, journeyVersion, now()],
      );
      return parseDraftRow(row);
    },

    get,

    async saveStep(id, stepId, value) {
      return updateUnsubmitted(
        id,
        `UPDATE drafts
            SET answers = answers || jsonb_build_object($2::text, $3::jsonb), updated_at = $4
          WHERE id = $1 AND submitted_application_id IS NULL
          RETURNING ${DRAFT_COLUMNS}`,
        [stepId, JSON.stringify(stepAnswersSchema.parse(value)), now()],
      );
    },

    async removeStep(id, stepId) {
      return updateUnsubmitted(
        id,
        `UPDATE drafts
            SET answers = answers - $2::text, updated_at = $3
          WHERE id = $1 AND submitted_application_id IS NULL
          RETURNING ${DRAFT_COLUMNS}`,
        [stepId, now()],
      );
    },
  };
}
