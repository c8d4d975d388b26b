import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirectoryInUseError } from '../../src/store/data-dir-lock.ts';
import { DataDirectoryLostError, NestedDatabaseUseError, openDatabase, TransactionRolledBackError, type Database } from '../../src/store/database.ts';
import { engines, type PreparedDatabase } from './engines.ts';

describe.each(engines)('database on $name', (engine) => {
  let db: Database;
  let prepared: PreparedDatabase;

  beforeAll(async () => {
    prepared = await engine.prepare();
    db = await openDatabase(prepared.options);
    await db.exec(`
      CREATE TABLE things (id text PRIMARY KEY, doc jsonb);
      CREATE TABLE counters (name text PRIMARY KEY, n int NOT NULL);
    `);
  });

  afterAll(async () => {
    await db.close();
    await prepared.cleanup();
  });

  it('says which engine it is', () => {
    expect(db.engine).toBe(engine.name);
  });

  it('round-trips jsonb documents as values, not text', async () => {
    const doc = {
      name: 'Siân O’Brien "Jo"',
      list: [1, 'two', { three: 3 }],
      nested: { empty: {}, none: null, yes: true, decimal: 1.5 },
      emoji: '🏠',
    };
    await db.query('INSERT INTO things (id, doc) VALUES ($1, $2::jsonb)', ['doc', JSON.stringify(doc)]);
    await db.query('INSERT INTO things (id, doc) VALUES ($1, $2::jsonb)', ['array', JSON.stringify([1, 2])]);
    await db.query('INSERT INTO things (id, doc) VALUES ($1, $2::jsonb)', ['string', JSON.stringify('plain')]);
    const rows = await db.query<{ id: string; doc: unknown }>("SELECT id, doc FROM things WHERE id IN ('doc', 'array', 'string') ORDER BY id");
    expect(rows).toEqual([
      { id: 'array', doc: [1, 2] },
      { id: 'doc', doc },
      { id: 'string', doc: 'plain' },
    ]);
  });

  it('commits a transaction and returns its result', async () => {
    const result = await db.transaction(async (tx) => {
      await tx.query("INSERT INTO counters (name, n) VALUES ('committed', 1)");
      const [row] = await tx.query<{ n: number }>("SELECT n FROM counters WHERE name = 'committed'");
      return row?.n;
    });
    expect(result).toBe(1);
    expect(await db.query("SELECT n FROM counters WHERE name = 'committed'")).toEqual([{ n: 1 }]);
  });

  it('rolls a transaction back when its callback throws', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO counters (name, n) VALUES ('rolled back', 1)");
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await db.query("SELECT n FROM counters WHERE name = 'rolled back'")).toEqual([]);
  });

  it('does not let a query from outside land inside an open transaction', async () => {
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let insideStarted!: () => void;
    const started = new Promise<void>((resolve) => (insideStarted = resolve));

    const failing = db.transaction(async (tx) => {
      await tx.query("INSERT INTO counters (name, n) VALUES ('inside', 1)");
      insideStarted();
      await gate;
      throw new Error('roll back the inside');
    });
    await started;
    // Another request's write while the transaction is open...
    const outside = db.query("INSERT INTO counters (name, n) VALUES ('outside', 1)");
    openGate();
    await expect(failing).rejects.toThrow('roll back the inside');
    await outside;
    // ...must survive that transaction's rollback.
    expect(await db.query("SELECT name FROM counters WHERE name IN ('inside', 'outside')")).toEqual([{ name: 'outside' }]);
  });

  it('refuses the database itself inside a transaction instead of hanging', async () => {
    await expect(
      db.transaction(async () => {
        await db.query('SELECT 1');
      }),
    ).rejects.toBeInstanceOf(NestedDatabaseUseError);
    await expect(db.transaction(async () => db.transaction(async () => 1))).rejects.toBeInstanceOf(NestedDatabaseUseError);
    // and the database is still usable afterwards
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('fails the commit when a statement failed and the callback carried on', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO counters (name, n) VALUES ('aborted', 1)");
        await tx.query("INSERT INTO counters (name, n) VALUES ('aborted', 2)").catch(() => undefined);
      }),
    ).rejects.toBeInstanceOf(TransactionRolledBackError);
    expect(await db.query("SELECT n FROM counters WHERE name = 'aborted'")).toEqual([]);
  });

  it('refuses a transaction handle kept after its transaction ended', async () => {
    const kept = await db.transaction(async (tx) => tx);
    await expect(kept.query('SELECT 1')).rejects.toThrow();
  });

  it('has no folder to lose on PostgreSQL or in memory', async () => {
    expect(db.storage.directory).toBeUndefined();
    await expect(db.checkStorage()).resolves.toBeUndefined();
  });
});

describe('PGlite', () => {
  it('runs transactions one after another, never interleaved', async () => {
    const db = await openDatabase({ inMemory: true });
    try {
      const steps: string[] = [];
      const work = (name: string) =>
        db.transaction(async (tx) => {
          steps.push(`${name} begins`);
          await tx.query('SELECT 1');
          await new Promise((resolve) => setTimeout(resolve, 20));
          await tx.query('SELECT 2');
          steps.push(`${name} ends`);
        });
      await Promise.all([work('first'), work('second')]);
      expect(steps).toEqual(['first begins', 'first ends', 'second begins', 'second ends']);
    } finally {
      await db.close();
    }
  });

  describe('persisted to a directory', () => {
    let dataDir: string;
    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'irm-store-'));
    });
    afterAll(async () => {
      await rm(dataDir, { recursive: true, force: true });
    });

    it('keeps its data across close and reopen', async () => {
      const first = await openDatabase({ dataDir });
      await first.exec('CREATE TABLE kept (id int PRIMARY KEY, doc jsonb)');
      await first.query('INSERT INTO kept VALUES (1, $1::jsonb)', [JSON.stringify({ kept: true })]);
      await first.close();

      const second = await openDatabase({ dataDir });
      try {
        expect(await second.query('SELECT id, doc FROM kept')).toEqual([{ id: 1, doc: { kept: true } }]);
      } finally {
        await second.close();
      }
    });

    it('refuses to open a directory another open database is using', async () => {
      const owner = await openDatabase({ dataDir });
      try {
        await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DataDirectoryInUseError);
      } finally {
        await owner.close();
      }
      // Once closed, the directory can be opened again.
      const next = await openDatabase({ dataDir });
      await next.close();
    });

    it('says when a start made a new, empty database, and where', async () => {
      const fresh = await mkdtemp(join(tmpdir(), 'irm-store-new-'));
      try {
        const first = await openDatabase({ dataDir: fresh });
        expect(first.storage).toEqual({ directory: join(fresh, 'pglite'), createdNew: true });
        await first.close();
        const again = await openDatabase({ dataDir: fresh });
        expect(again.storage).toEqual({ directory: join(fresh, 'pglite'), createdNew: false });
        await again.close();
      } finally {
        await rm(fresh, { recursive: true, force: true });
      }
    });

    it('notices its folder deleted while running, and commits nothing more', async () => {
      const doomed = await mkdtemp(join(tmpdir(), 'irm-store-lost-'));
      const db = await openDatabase({ dataDir: doomed });
      try {
        await db.exec('CREATE TABLE confirmed (id int PRIMARY KEY)');
        await db.transaction((tx) => tx.query('INSERT INTO confirmed VALUES (1)'));
        await expect(db.checkStorage()).resolves.toBeUndefined();

        await rm(doomed, { recursive: true, force: true });

        await expect(db.checkStorage()).rejects.toBeInstanceOf(DataDirectoryLostError);
        await expect(db.transaction((tx) => tx.query('INSERT INTO confirmed VALUES (2)'))).rejects.toBeInstanceOf(DataDirectoryLostError);
        // Rolled back, not confirmed: the row is not there even in the running database.
        expect(await db.query('SELECT id FROM confirmed ORDER BY id')).toEqual([{ id: 1 }]);
      } finally {
        await db.close().catch(() => undefined);
      }
    });

    it('notices its folder replaced by a new one of the same name', async () => {
      const replaced = await mkdtemp(join(tmpdir(), 'irm-store-replaced-'));
      const db = await openDatabase({ dataDir: replaced });
      try {
        await rm(join(replaced, 'pglite'), { recursive: true, force: true });
        await mkdir(join(replaced, 'pglite'));
        await writeFile(join(replaced, 'pglite', 'PG_VERSION'), '17');
        await expect(db.checkStorage()).rejects.toBeInstanceOf(DataDirectoryLostError);
      } finally {
        await db.close().catch(() => undefined);
        await rm(replaced, { recursive: true, force: true });
      }
    });
  });
});
