import pg from 'pg';
import { TransactionRolledBackError, type Engine, type Queryable } from './engine.ts';

export async function openPostgres(connectionString: string, onBackgroundError: (err: Error) => void): Promise<Engine> {
  const pool = new pg.Pool({ connectionString });
  // Without a listener, an idle client losing its connection (a server
  // restart, say) would crash the process; the pool drops that client and
  // the next query connects afresh.
  pool.on('error', onBackgroundError);
  try {
    // Fail at start-up, not on the first request, when the URL is wrong.
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end();
    throw err;
  }

  return {
    engine: 'postgres',
    // The server keeps the data; a lost server shows as failing queries.
    storage: { createdNew: false },
    checkStorage: () => Promise.resolve(),
    async query<R>(sql: string, params?: unknown[]): Promise<R[]> {
      return runQuery<R>(pool, sql, params);
    },
    async exec(sql: string): Promise<void> {
      // Without parameters pg uses the simple protocol, which accepts several statements.
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
      } catch (err) {
        client.release(true);
        throw err;
      }
      const tx = transactionQueryable(client);
      let reusable = true;
      try {
        const result = await fn(tx);
        // Unlike PGlite, pg reports a COMMIT of an aborted transaction as a
        // quiet ROLLBACK; make it an error on both engines.
        const commit = await client.query('COMMIT');
        if (commit.command === 'ROLLBACK') throw new TransactionRolledBackError();
        return result;
      } catch (err) {
        // After a failed COMMIT this ROLLBACK is a harmless no-op. If it fails,
        // the connection's state is unknown: destroy it rather than pool it.
        reusable = await client.query('ROLLBACK').then(
          () => true,
          () => false,
        );
        throw err;
      } finally {
        tx.end();
        client.release(reusable ? undefined : true);
      }
    },
    async close(): Promise<void> {
      await pool.end();
    },
  };
}

async function runQuery<R>(target: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]): Promise<R[]> {
  const result = await target.query(sql, params);
  return result.rows as R[];
}

/**
 * A `tx` kept past its transaction would otherwise run queries on a pooled
 * connection that by then belongs to some other request's transaction.
 */
function transactionQueryable(client: pg.PoolClient): Queryable & { end(): void } {
  let ended = false;
  const check = (): void => {
    if (ended) throw new Error('This transaction has ended; its `tx` can no longer be used');
  };
  return {
    async query<R>(sql: string, params?: unknown[]): Promise<R[]> {
      check();
      return runQuery<R>(client, sql, params);
    },
    async exec(sql: string): Promise<void> {
      check();
      await client.query(sql);
    },
    end(): void {
      ended = true;
    },
  };
}
