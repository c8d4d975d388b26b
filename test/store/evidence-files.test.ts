import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEvidenceFileRepository, EvidenceLimitReachedError, EvidenceSizeMismatchError, type NewEvidenceFile } from '../../src/store/evidence-files.ts';
import { engines, useStore } from './engines.ts';

async function* pieces(bytes: Buffer, size: number): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function readAll(iterable: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of iterable) parts.push(part);
  return Buffer.concat(parts);
}

describe.each(engines)('evidence files on $name', (engine) => {
  const store = useStore(engine);
  const files = () => createEvidenceFileRepository(store().db);

  const fileFor = (draftId: string, bytes: Buffer, extra: Partial<NewEvidenceFile> = {}): NewEvidenceFile => ({
    draftId,
    role: 'decision-letter',
    name: 'letter.pdf',
    size: bytes.length,
    type: 'application/pdf',
    sha256: createHash('sha256').update(bytes).digest('hex'),
    scan: 'clean',
    ...extra,
  });

  it('stores a file in pieces and reads back the same bytes, in order', async () => {
    const draft = await store().drafts.create('irm', 'v1');
    const bytes = randomBytes(700_000);
    const stored = await files().add(fileFor(draft.id, bytes), pieces(bytes, 256 * 1024));
    expect(stored).toMatchObject({ draftId: draft.id, role: 'decision-letter', name: 'letter.pdf', size: 700_000, scan: 'clean' });
    expect(stored.createdAt).toBeInstanceOf(Date);
    const chunks = await store().db.query<{ n: number }>('SELECT count(*)::int AS n FROM evidence_file_chunks WHERE file_id = $1', [stored.id]);
    expect(chunks[0]?.n).toBe(3);
    expect((await readAll(files().read(draft.id, stored.id))).equals(bytes)).toBe(true);
  });

  it('keeps names with any characters exactly as given', async () => {
    const draft = await store().drafts.create('irm', 'v1');
    const bytes = Buffer.from('hello');
    const name = 'Llythyr – ŵ \'quoted\' "double" 😀.txt';
    const stored = await files().add(fileFor(draft.id, bytes, { name, type: 'text/plain' }), pieces(bytes, 2));
    expect((await files().get(draft.id, stored.id))?.name).toBe(name);
  });

  it('lists a draft’s files oldest first, and never another draft’s', async () => {
    const mine = await store().drafts.create('irm', 'v1');
    const theirs = await store().drafts.create('irm', 'v1');
    const bytes = Buffer.from('%PDF-1.7 x');
    const first = await files().add(fileFor(mine.id, bytes), pieces(bytes, 4));
    const second = await files().add(fileFor(mine.id, bytes, { role: 'supporting', name: 'notes.pdf' }), pieces(bytes, 4));
    const other = await files().add(fileFor(theirs.id, bytes), pieces(bytes, 4));
    expect((await files().list(mine.id)).map((f) => f.id)).toEqual([first.id, second.id]);
    expect(await files().get(mine.id, other.id)).toBeUndefined();
    expect(await readAll(files().read(mine.id, other.id))).toHaveLength(0);
    expect(await files().remove(mine.id, other.id)).toBe(false);
    expect(await files().get(theirs.id, other.id)).toBeDefined();
  });

  it('stores nothing when the bytes do not add up to the size', async () => {
    const draft = await store().drafts.create('irm', 'v1');
    const bytes = Buffer.from('0123456789');
    await expect(files().add({ ...fileFor(draft.id, bytes), size: 11 }, pieces(bytes, 3))).rejects.toBeInstanceOf(EvidenceSizeMismatchError);
    expect(await files().list(draft.id)).toEqual([]);
    const orphans = await store().db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM evidence_file_chunks c LEFT JOIN evidence_files f ON f.id = c.file_id WHERE f.id IS NULL',
    );
    expect(orphans[0]?.n).toBe(0);
  });

  it('stores nothing when reading the bytes fails part-way', async () => {
    const draft = await store().drafts.create('irm', 'v1');
    async function* failing(): AsyncIterable<Uint8Array> {
      yield Buffer.from('abc');
      throw new Error('disk gone');
    }
    await expect(files().add(fileFor(draft.id, Buffer.from('abcdef')), failing())).rejects.toThrow('disk gone');
    expect(await files().list(draft.id)).toEqual([]);
  });

  it('removes a file and its bytes; deleting the draft removes the rest', async () => {
    const draft = await store().drafts.create('irm', 'v1');
    const bytes = Buffer.from('%PDF-1.7 y');
    const a = await files().add(fileFor(draft.id, bytes), pieces(bytes, 4));
    const b = await files().add(fileFor(draft.id, bytes), pieces(bytes, 4));
    expect(await files().remove(draft.id, a.id)).toBe(true);
    expect(await files().remove(draft.id, a.id)).toBe(false);
    expect((await files().list(draft.id)).map((f) => f.id)).toEqual([b.id]);
    await store().db.query('DELETE FROM drafts WHERE id = $1', [draft.id]);
    const left = await store().db.query<{ n: number }>('SELECT count(*)::int AS n FROM evidence_file_chunks WHERE file_id = ANY($1::uuid[])', [
      `{${a.id},${b.id}}`,
    ]);
    expect(left[0]?.n).toBe(0);
  });

  it('finds nothing for ids that are not uuids', async () => {
    expect(await files().list('../etc')).toEqual([]);
    expect(await files().get(randomUUID(), 'nope')).toBeUndefined();
    expect(await files().remove('x', 'y')).toBe(false);
  });

  it('holds a limit on files under any number of adds at once, keeping a place for a role the draft lacks', async () => {
    const draft = await store().drafts.create('irm', 'v1');
    const bytes = randomBytes(2_000);
    const limit = { maxFiles: 4, keepPlaceFor: ['decision-letter'] as const };
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => files().add(fileFor(draft.id, bytes, { role: 'supporting', name: `s${String(i)}.pdf` }), pieces(bytes, 500), limit)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const refused of results.filter((r) => r.status === 'rejected')) expect(refused.reason).toBeInstanceOf(EvidenceLimitReachedError);
    // The kept place is the letter's; after it, the draft is full.
    await files().add(fileFor(draft.id, bytes), pieces(bytes, 500), limit);
    await expect(files().add(fileFor(draft.id, bytes, { role: 'supporting' }), pieces(bytes, 500), limit)).rejects.toBeInstanceOf(EvidenceLimitReachedError);
    expect(await files().list(draft.id)).toHaveLength(4);
  });

  it('refuses a file for a draft that does not exist', async () => {
    const bytes = Buffer.from('x');
    await expect(files().add(fileFor(randomUUID(), bytes), pieces(bytes, 1))).rejects.toThrow();
  });
});
