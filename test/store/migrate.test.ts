import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { loadMigrations, migrate } from '../../src/store/migrate.ts';
import { engines, type PreparedDatabase } from './engines.ts';

describe.each(engines)('migrations on $name', (engine) => {
  let db: Database;
  let prepared: PreparedDatabase;

  beforeAll(async () => {
    prepared = await engine.prepare();
    db = await openDatabase(prepared.options);
  });

  afterAll(async () => {
    await db.close();
    await prepared.cleanup();
  });

  it('creates the tables once, and a second run changes nothing', async () => {
    // Two start-ups racing each other, then a third one later.
    const [first, second] = await Promise.all([migrate(db), migrate(db)]);
    const all = await loadMigrations();
    expect([...first.applied, ...second.applied]).toEqual(all.map((m) => m.version));
    expect(await migrate(db)).toEqual({ applied: [] });

    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['applications', 'drafts', 'evidence_file_chunks', 'evidence_files', 'schema_migrations', 'sessions']),
    );
    expect(await db.query('SELECT version, name FROM schema_migrations ORDER BY version')).toEqual(all.map(({ version, name }) => ({ version, name })));
  });

  it('applies a failing batch not at all', async () => {
    const batch = [
      ...(await loadMigrations()),
      { version: '900', name: 'good', sql: 'CREATE TABLE from_good_migration (id int)' },
      { version: '901', name: 'broken', sql: 'CREATE TABLE broken (' },
    ];
    await expect(migrate(db, batch)).rejects.toThrow(/901_broken/);
    const tables = await db.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'from_good_migration'`);
    expect(tables).toEqual([]);
    expect(await db.query("SELECT version FROM schema_migrations WHERE version IN ('900', '901')")).toEqual([]);
  });
});

describe('loading migration files', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'irm-migrations-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
    directory = await mkdtemp(join(tmpdir(), 'irm-migrations-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('orders files by number, not by text', async () => {
    await writeFile(join(directory, '10_tenth.sql'), 'SELECT 10');
    await writeFile(join(directory, '2_second.sql'), 'SELECT 2');
    await writeFile(join(directory, 'README.md'), 'not a migration');
    const migrations = await loadMigrations(directory);
    expect(migrations.map((m) => `${m.version}_${m.name}`)).toEqual(['2_second', '10_tenth']);
    expect(migrations[0]?.sql).toBe('SELECT 2');
  });

  it('rejects a .sql file without a number', async () => {
    await writeFile(join(directory, 'add_outbox.sql'), 'SELECT 1');
    await expect(loadMigrations(directory)).rejects.toThrow(/add_outbox\.sql/);
  });

  it('rejects two files with the same number', async () => {
    await writeFile(join(directory, '002_a.sql'), 'SELECT 1');
    await writeFile(join(directory, '2_b.sql'), 'SELECT 1');
    await expect(loadMigrations(directory)).rejects.toThrow(/share the number/);
  });

  it('finds the shipped migrations, starting with the initial schema', async () => {
    const migrations = await loadMigrations();
    expect(migrations[0]).toMatchObject({ version: '001', name: 'initial' });
  });
});
