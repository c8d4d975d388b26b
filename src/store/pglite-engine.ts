import { PGlite, TransactionAbortedError, type Transaction } from '@electric-sql/pglite';
import { lockDataDirectory, type DataDirectoryLock } from './data-dir-lock.ts';
import { TransactionRolledBackError, type Engine, type Queryable } from './engine.ts';

export type PgliteLocation = { inMemory: true } | { directory: string };

/**
 * PGlite is one Postgres backend behind one connection. It already
 * serialises work: `query`, `exec` and `transaction` share a mutex, and a
 * transaction holds it until COMMIT or ROLLBACK, so a request's query never
 * lands inside another request's transaction; it waits instead
 * (test/store/database.test.ts checks this).
 */
export async function openPglite(location: PgliteLocation): Promise<Engine> {
  let lock: DataDirectoryLock | undefined;
  let pglite: PGlite;
  if ('directory' in location) {
    lock = await lockDataDirectory(location.directory);
    try {
      pglite = await PGlite.create(location.directory);
    } catch (err) {
      await lock.release();
      throw err;
    }
  } else {
    pglite = await PGlite.create('memory://');
  }

  return {
    engine: 'pglite',
    async query<R>(sql: string, params?: unknown[]): Promise<R[]> {
      const result = await pglite.query<R>(sql, params);
      return result.rows;
    },
    async exec(sql: string): Promise<void> {
      await pglite.exec(sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      // PGlite's transaction() rolls back when fn throws.
      try {
        return await pglite.transaction((tx) => fn(wrapTransaction(tx)));
      } catch (err) {
        if (err instanceof TransactionAbortedError) throw new TransactionRolledBackError({ cause: err });
        throw err;
      }
    },
    async close(): Promise<void> {
      try {
        if (!pglite.closed) await pglite.close();
      } finally {
        await lock?.release();
      }
    },
  };
}

function wrapTransaction(tx: Transaction): Queryable {
  return {
    async query<R>(sql: string, params?: unknown[]): Promise<R[]> {
      const result = await tx.query<R>(sql, params);
      return result.rows;
    },
    async exec(sql: string): Promise<void> {
      await tx.exec(sql);
    },
  };
}
