import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

export interface Migration {
  /** The number the file name starts with, e.g. `001`. Applied in numeric order. */
  version: string;
  name: string;
  sql: string;
}

export const MIGRATIONS_DIRECTORY = fileURLToPath(new URL('./migrations/', import.meta.url));

const MIGRATION_FILE = /^(\d+)_([a-z0-9_]+)\.sql$/;

/** Reads `NNN_name.sql` files. A `.sql` file named any other way is a mistake, not something to skip. */
export async function loadMigrations(directory: string = MIGRATIONS_DIRECTORY): Promise<Migration[]> {
  const files = (await readdir(directory)).filter((file) => file.endsWith('.sql'));
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = MIGRATION_FILE.exec(file);
    if (!match?.[1] || !match[2]) {
      throw new Error(`Migration file ${file} must be named like 002_add_outbox.sql`);
    }
    const sql = await readFile(join(directory, file), 'utf8');
    migrations.push({ version: match[1], name: match[2], sql });
  }
  migrations.sort((a, b) => Number(a.version) - Number(b.version));
  migrations.forEach((migration, i) => {
    if (i > 0 && Number(migration.version) === Number(migrations[i - 1]?.version)) {
      throw new Error(`Two migrations share the number ${migration.version}`);
    }
  });
  return migrations;
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, all in one
 * transaction, so a failing migration leaves the schema as it was.
 *
 * Several instances may start at once against one PostgreSQL database: an
 * advisory lock, held until the transaction ends, lets one of them migrate
 * while the others wait and then find nothing left to do. The lock is keyed by
 * schema so that test suites migrating separate schemas do not queue behind
 * each other.
 *
 * Migrations run inside a transaction, so a later migration cannot use
 * statements that refuse one (e.g. CREATE INDEX CONCURRENTLY).
 */
export async function migrate(db: Database, migrations?: Migration[]): Promise<{ applied: string[] }> {
  const pending = migrations ?? (await loadMigrations());
  return db.transaction(async (tx) => {
    await tx.exec(`SELECT pg_advisory_xact_lock(hashtext('irm-apply migrations ' || coalesce(current_schema(), '')))`);
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version text PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const done = new Set((await tx.query<{ version: string }>('SELECT version FROM schema_migrations')).map((row) => row.version));
    const applied: string[] = [];
    for (const migration of pending) {
      if (done.has(migration.version)) continue;
      try {
        await tx.exec(migration.sql);
      } catch (err) {
        throw new Error(`Migration ${migration.version}_${migration.name} failed: ${err instanceof Error ? err.message : String(err)}`, {
          cause: err,
        });
      }
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.version);
    }
    return { applied };
  });
}
