import { z } from 'zod';
import type { Database, Queryable } from './database.ts';
import { isId } from './drafts.ts';

/**
 * The agency directory (migration 008): the agencies operators import from a
 * CSV file. Applicants pick their agency from it, and an agency picked from
 * it is notified at its `notificationEmail`, an address the service trusts.
 *
 * An import replaces the whole directory, but an agency keeps its id from one
 * import to the next as long as its name does not change (letter case and
 * spacing aside), so drafts and applications that point at it still do.
 */

const rowSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.string(),
    notification_email: z.string(),
    created_at: z.date(),
    updated_at: z.date(),
  })
  .transform((row) => ({
    id: row.id,
    name: row.name,
    /** One of the journey's agency types (src/journeys/irm/vocabulary.ts). */
    type: row.type,
    notificationEmail: row.notification_email,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));

export type Agency = z.infer<typeof rowSchema>;

const COLUMNS = 'id, name, type, notification_email, created_at, updated_at';

export interface AgencyInput {
  readonly name: string;
  readonly type: string;
  readonly notificationEmail: string;
}

/** What an import changed. */
export interface ReplaceSummary {
  readonly added: readonly Agency[];
  /** Agencies whose name's spelling, type or notification email changed (same id). */
  readonly updated: readonly Agency[];
  readonly unchanged: number;
  /** No longer in the directory: no longer offered to applicants, nor notified. */
  readonly removed: readonly Agency[];
}

/** Two agencies in one directory may not share a name: an applicant could not tell them apart. */
export class DuplicateAgencyNameError extends Error {
  constructor(readonly names: readonly string[]) {
    super(`Two agencies cannot share a name: ${names.join(', ')}`);
    this.name = 'DuplicateAgencyNameError';
  }
}

/**
 * What makes two names the same agency: compatibility-normalised, curly
 * quotes straightened, lower case, runs of spaces collapsed.
 */
export function agencyNameKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\u2018\u2019]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** One agency, read through `q` (e.g. a submission's transaction); undefined for an unknown or malformed id. */
export async function findAgencyById(q: Queryable, id: string): Promise<Agency | undefined> {
  if (!isId(id)) return undefined;
  const [row] = await q.query(`SELECT ${COLUMNS} FROM agencies WHERE id = $1`, [id]);
  return row ? rowSchema.parse(row) : undefined;
}

export interface AgencyRepository {
  /** Every agency, by name. */
  list(): Promise<Agency[]>;
  /** One agency, read through `q` (e.g. a submission's transaction); undefined for an unknown or malformed id. */
  findById(q: Queryable, id: string): Promise<Agency | undefined>;
  /**
   * Makes the directory exactly `agencies`, in one transaction: agencies whose
   * name is already there keep their id (their type and address are brought
   * up to date), new names are added, and the rest are removed.
   * @throws DuplicateAgencyNameError
   */
  replaceAll(agencies: readonly AgencyInput[], now: Date): Promise<ReplaceSummary>;
}

export function createAgencyRepository(db: Database): AgencyRepository {
  return {
    async list() {
      const rows = await db.query(`SELECT ${COLUMNS} FROM agencies ORDER BY name_key, id`);
      return rows.map((row) => rowSchema.parse(row));
    },

    findById: findAgencyById,

    async replaceAll(agencies, now) {
      const wanted = new Map<string, AgencyInput>();
      const duplicates: string[] = [];
      for (const agency of agencies) {
        const key = agencyNameKey(agency.name);
        if (wanted.has(key)) duplicates.push(agency.name);
        wanted.set(key, agency);
      }
      if (duplicates.length > 0) throw new DuplicateAgencyNameError(duplicates);

      return db.transaction(async (tx) => {
        // Imports run one at a time (the mode conflicts with itself); applicants' reads go on meanwhile.
        await tx.exec('LOCK TABLE agencies IN SHARE ROW EXCLUSIVE MODE');
        const existing = (await tx.query(`SELECT ${COLUMNS} FROM agencies`)).map((row) => rowSchema.parse(row));
        const byKey = new Map(existing.map((agency) => [agencyNameKey(agency.name), agency]));

        const removed = existing.filter((agency) => !wanted.has(agencyNameKey(agency.name)));
        const changes: Array<{ id: string; name: string; type: string; email: string }> = [];
        const additions: Array<{ name: string; name_key: string; type: string; email: string }> = [];
        let unchanged = 0;
        for (const [key, agency] of wanted) {
          const current = byKey.get(key);
          if (!current) additions.push({ name: agency.name, name_key: key, type: agency.type, email: agency.notificationEmail });
          else if (current.name !== agency.name || current.type !== agency.type || current.notificationEmail !== agency.notificationEmail) {
            changes.push({ id: current.id, name: agency.name, type: agency.type, email: agency.notificationEmail });
          } else unchanged += 1;
        }

        // Values go as JSON text: pg would send a JS array as a PostgreSQL array, PGlite as JSON.
        if (removed.length > 0) {
          await tx.query('DELETE FROM agencies WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid)', [JSON.stringify(removed.map((a) => a.id))]);
        }
        const updated =
          changes.length === 0
            ? []
            : await tx.query(
                `UPDATE agencies AS a SET name = x.name, type = x.type, notification_email = x.email, updated_at = $2
                   FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, name text, type text, email text)
                  WHERE a.id = x.id
                  RETURNING a.id, a.name, a.type, a.notification_email, a.created_at, a.updated_at`,
                [JSON.stringify(changes), now],
              );
        const added =
          additions.length === 0
            ? []
            : await tx.query(
                `INSERT INTO agencies (name, name_key, type, notification_email, created_at, updated_at)
                 SELECT x.name, x.name_key, x.type, x.email, $2, $2 FROM jsonb_to_recordset($1::jsonb) AS x(name text, name_key text, type text, email text)
                 RETURNING ${COLUMNS}`,
                [JSON.stringify(additions), now],
              );
        const byName = (a: Agency, b: Agency) => agencyNameKey(a.name).localeCompare(agencyNameKey(b.name));
        return {
          added: added.map((row) => rowSchema.parse(row)).sort(byName),
          updated: updated.map((row) => rowSchema.parse(row)).sort(byName),
          unchanged,
          removed: removed.sort(byName),
        };
      });
    },
  };
}
