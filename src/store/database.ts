import { AsyncLocalStorage } from 'node:async_hooks';
import { join } from 'node:path';
import type { Engine, Queryable, StorageInfo } from './engine.ts';

export { DataDirectoryLostError, TransactionRolledBackError, type Queryable, type StorageInfo } from './engine.ts';

export interface Database extends Queryable {
  /**
   * Runs `fn` in one transaction (READ COMMITTED), committing when it
   * resolves and rolling back when it throws. Inside `fn`, use `tx`, never the
   * database itself: on PGlite that would wait for the transaction it is part
   * of, so it is refused with {@link NestedDatabaseUseError}.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly engine: Engine['engine'];
  /** Where the data is, and whether this start made a new, empty database. */
  readonly storage: StorageInfo;
  /**
   * Rejects (DataDirectoryLostError) when PGlite's folder has gone since it
   * was opened; always resolves on PostgreSQL and in memory. Transactions
   * check it before they commit, so nothing is confirmed into deleted files.
   */
  checkStorage(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL connection string. When set, PostgreSQL is used through `pg`. */
  databaseUrl?: string;
  /**
   * The service's data directory (DATA_DIR, default `./data`). PGlite keeps
   * its files in `<dataDir>/pglite`. Ignored with `databaseUrl` or `inMemory`.
   */
  dataDir?: string;
  /** PGlite held in memory only (tests, throwaway runs). */
  inMemory?: boolean;
  /** Errors that happen outside any query, e.g. a pooled idle connection dropping. */
  onBackgroundError?: (err: Error) => void;
}

export const DEFAULT_DATA_DIR = './data';

/** Raised when the database is used directly inside its own transaction. */
export class NestedDatabaseUseError extends Error {
  constructor() {
    super('The database was used directly inside a transaction: use the `tx` passed to the transaction callback');
    this.name = 'NestedDatabaseUseError';
  }
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  const onBackgroundError = opts.onBackgroundError ?? ((err: Error) => console.error('database background error', err));
  if (opts.databaseUrl) {
    const { openPostgres } = await import('./postgres-engine.ts');
    return guardAgainstNestedUse(await openPostgres(opts.databaseUrl, onBackgroundError));
  }
  const { openPglite } = await import('./pglite-engine.ts');
  const location = opts.inMemory ? { inMemory: true as const } : { directory: join(opts.dataDir ?? DEFAULT_DATA_DIR, 'pglite') };
  return guardAgainstNestedUse(await openPglite(location));
}

/**
 * On PGlite, `db.query` inside `db.transaction(...)` would queue behind the
 * transaction that is waiting for it: a silent deadlock. On pg it would run on
 * another connection, outside the transaction, and could block on the
 * transaction's own row locks. Both are bugs, so they fail loudly instead.
 */
function guardAgainstNestedUse(engine: Engine): Database {
  const insideTransaction = new AsyncLocalStorage<{ open: boolean }>();
  const refuseIfInside = (): void => {
    if (insideTransaction.getStore()?.open) throw new NestedDatabaseUseError();
  };
  return {
    engine: engine.engine,
    async query<R>(sql: string, params?: unknown[]): Promise<R[]> {
      refuseIfInside();
      return engine.query<R>(sql, params);
    },
    async exec(sql: string): Promise<void> {
      refuseIfInside();
      return engine.exec(sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      refuseIfInside();
      // The flag is switched off at the end so that work merely started inside
      // the callback (and finishing later) may use the database normally.
      const marker = { open: true };
      try {
        return await insideTransaction.run(marker, () => engine.transaction(fn));
      } finally {
        marker.open = false;
      }
    },
    storage: engine.storage,
    checkStorage: () => engine.checkStorage(),
    close: () => engine.close(),
  };
}
