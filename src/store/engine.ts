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

/**
 * The folder an embedded database keeps its files in has gone (deleted, or
 * replaced by another) while the service was running: nothing written from
 * now on would last.
 */
export class DataDirectoryLostError extends Error {
  constructor(readonly directory: string) {
    super(`The database folder ${directory} has gone while the service was running: nothing written now would be kept. Stopping.`);
    this.name = 'DataDirectoryLostError';
  }
}

/** Where the data is, as an operator needs to know it. */
export interface StorageInfo {
  /** PGlite's folder; undefined in memory and on PostgreSQL. */
  readonly directory?: string;
  /** True when this start found no database there and made a new, empty one. */
  readonly createdNew: boolean;
}

/** What an engine adapter provides; `openDatabase` adds the shared guard. */
export interface Engine extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  readonly storage: StorageInfo;
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Rejects with DataDirectoryLostError when the database's folder is no longer the one it opened. */
  checkStorage(): Promise<void>;
  close(): Promise<void>;
}
