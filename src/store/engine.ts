/**
 * What the two database engines (PGlite, PostgreSQL through `pg`) provide, in
 * a module of its own so that `database.ts`, which chooses between them, and
 * the engines themselves do not import each other.
 */

/**
 * The one SQL interface the repositories use. The SQL is PostgreSQL; it runs
 * on PGlite (in process) or on a PostgreSQL server, and must behave the same
 * on both.
 *
 * Passing values: send jsonb parameters as JSON text (`JSON.stringify(v)` with
 * `$1::jsonb`), because `pg` turns JS arrays into Postgres arrays while PGlite
 * turns them into JSON. jsonb columns come back as parsed values and
 * timestamptz columns as `Date` on both engines; avoid returning int8 (pg
 * gives a string, PGlite a number): cast counts to `::int`.
 */
export interface Queryable {
  /** One statement, with `$1`-style parameters. */
  query<R>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Several `;`-separated statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
}

/**
 * Raised by `transaction()` when a statement inside it failed, the callback
 * caught that error and carried on, so COMMIT could only roll back.
 */
export class TransactionRolledBackError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('COMMIT rolled back the transaction because a statement in it had failed', options);
    this.name = 'TransactionRolledBackError';
  }
}

/** What an engine adapter provides; `openDatabase` adds the shared guard. */
export interface Engine extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
