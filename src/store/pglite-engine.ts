import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite, TransactionAbortedError, type Transaction } from '@electric-sql/pglite';
import { lockDataDirectory, type DataDirectoryLock } from './data-dir-lock.ts';
import { DataDirectoryLostError, TransactionRolledBackError, type Engine, type Queryable, type StorageInfo } from './engine.ts';

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
  let storage: StorageInfo = { createdNew: true };
  let checkStorage = (): Promise<void> => Promise.resolve();
  if ('directory' in location) {
    const directory = resolve(location.directory);
    lock = await lockDataDirectory(directory);
    try {
      // Every Postgres data folder holds PG_VERSION: without it, this start makes a new, empty database.
      storage = { directory, createdNew: !existsSync(join(directory, 'PG_VERSION')) };
      pglite = await PGlite.create(directory);
    } catch (err) {
      await lock.release();
      throw err;
    }
    checkStorage = folderWatch(directory);
  } else {
    pglite = await PGlite.create('memory://');
  }

  return {
    engine: 'pglite',
    storage,
    checkStorage,
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
        return await pglite.transaction(async (tx) => {
          const result = await fn(wrapTransaction(tx));
          // Before COMMIT: a folder that has gone would take the commit with it.
          await checkStorage();
          return result;
        });
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

/**
 * A check that the folder is still the one opened: there, the same folder
 * (not one made again in its place), and still holding its database. One
 * stat call or two: cheap enough for every transaction.
 */
function folderWatch(directory: string): () => Promise<void> {
  const identity = (path: string) => {
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats ? `${String(stats.dev)}:${String(stats.ino)}` : undefined;
  };
  const opened = identity(directory);
  const marker = join(directory, 'PG_VERSION');
  return () => (identity(directory) === opened && existsSync(marker) ? Promise.resolve() : Promise.reject(new DataDirectoryLostError(directory)));
}
