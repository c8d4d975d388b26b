import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../src/store/database.ts';

/**
 * A fresh schema on a PostgreSQL server, so parallel test files (and the
 * bench) never see each other's tables; `databaseUrl` points its search_path there.
 */
export async function createScratchSchema(serverUrl: string, prefix: string): Promise<{ databaseUrl: string; drop(): Promise<void> }> {
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = await openDatabase({ databaseUrl: serverUrl });
  try {
    await admin.exec(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.close();
  }
  const url = new URL(serverUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    databaseUrl: url.toString(),
    async drop() {
      const dropper = await openDatabase({ databaseUrl: serverUrl });
      try {
        await dropper.exec(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await dropper.close();
      }
    },
  };
}
