import { afterAll, beforeAll } from 'vitest';
import { createScratchSchema } from '../support/scratch-schema.ts';
import { type OpenDatabaseOptions } from '../../src/store/database.ts';
import { openStore, type AppStore, type OpenStoreOptions } from '../../src/store/index.ts';

/**
 * The engines the store contract runs on: PGlite in memory always, and
 * PostgreSQL too when TEST_DATABASE_URL is set. Each PostgreSQL database gets
 * a schema of its own, so test files running in parallel never meet.
 */
export interface TestEngine {
  name: 'pglite' | 'postgres';
  /** Options for openDatabase/openStore pointing at a fresh, empty database. */
  prepare(): Promise<PreparedDatabase>;
}

export interface PreparedDatabase {
  options: OpenDatabaseOptions;
  /** Drops what prepare() made; close the database first. */
  cleanup(): Promise<void>;
}

const pglite: TestEngine = {
  name: 'pglite',
  async prepare() {
    return {
      options: { inMemory: true },
      cleanup: async () => {
        // In memory: nothing left behind.
      },
    };
  },
};

function postgres(serverUrl: string): TestEngine {
  return {
    name: 'postgres',
    async prepare() {
      const scratch = await createScratchSchema(serverUrl, 'test');
      return { options: { databaseUrl: scratch.databaseUrl }, cleanup: () => scratch.drop() };
    },
  };
}

const serverUrl = process.env.TEST_DATABASE_URL;

export const engines: TestEngine[] = serverUrl ? [pglite, postgres(serverUrl)] : [pglite];

/**
 * Opens a migrated store on a fresh database before the enclosing describe's
 * tests, and closes and drops it after them. Read the store through the
 * returned function once the tests run.
 */
export function useStore(engine: TestEngine, extra: Omit<OpenStoreOptions, keyof OpenDatabaseOptions> = {}): () => AppStore {
  let store: AppStore | undefined;
  let prepared: PreparedDatabase | undefined;
  beforeAll(async () => {
    prepared = await engine.prepare();
    store = await openStore({ ...prepared.options, session: { pruneIntervalMs: 0 }, ...extra });
  });
  afterAll(async () => {
    await store?.close();
    await prepared?.cleanup();
  });
  return () => {
    if (!store) throw new Error('The store opens in beforeAll');
    return store;
  };
}
