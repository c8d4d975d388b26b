import { z } from 'zod';
import type { Database } from './database.ts';
import { EVIDENCE_ROLES, SCAN_RESULTS, type EvidenceRole } from '../rules/evidence.ts';
import { isId } from './drafts.ts';

/**
 * Uploaded files: their details in `evidence_files`, their bytes in
 * `evidence_file_chunks`, written in one transaction so a file is there whole
 * or not at all. Every read is by draft id as well as file id: a file is only
 * ever reachable through the draft it was uploaded to.
 */

const fileRowSchema = z
  .object({
    id: z.string(),
    draft_id: z.string(),
    role: z.enum(EVIDENCE_ROLES),
    name: z.string(),
    size: z.number().int(),
    type: z.string(),
    sha256: z.string(),
    scan: z.enum(SCAN_RESULTS),
    created_at: z.date(),
  })
  .transform((row) => ({
    id: row.id,
    draftId: row.draft_id,
    role: row.role,
    name: row.name,
    size: row.size,
    type: row.type,
    sha256: row.sha256,
    scan: row.scan,
    createdAt: row.created_at,
  }));

export type StoredEvidenceFile = z.infer<typeof fileRowSchema>;

const FILE_COLUMNS = 'id, draft_id, role, name, size, type, sha256, scan, created_at';

export interface NewEvidenceFile {
  readonly draftId: string;
  readonly role: EvidenceRole;
  readonly name: string;
  readonly size: number;
  readonly type: string;
  readonly sha256: string;
  readonly scan: StoredEvidenceFile['scan'];
}

export class EvidenceSizeMismatchError extends Error {
  constructor(expected: number, actual: number) {
    super(`The file's bytes add up to ${actual}, not the ${expected} recorded`);
    this.name = 'EvidenceSizeMismatchError';
  }
}

/** The draft has as many files as it may: the file was not stored. */
export class EvidenceLimitReachedError extends Error {
  constructor(readonly draftId: string) {
    super(`Draft ${draftId} has as many files as it may`);
    this.name = 'EvidenceLimitReachedError';
  }
}

/** How many files a draft may hold, checked and stored under a lock on the draft, so it holds however many uploads run at once (on any instance). */
export interface EvidenceLimit {
  /** Files in all, every role counted. */
  readonly maxFiles: number;
  /** Roles that must keep a place while the draft has none of them (e.g. the decision letter). */
  readonly keepPlaceFor?: readonly EvidenceRole[];
}

export interface EvidenceFileRepository {
  /**
   * Stores the details and the bytes (in the order given) together. With a
   * limit, the draft's row is locked first and the file refused
   * (EvidenceLimitReachedError) when there is no room for it.
   */
  add(file: NewEvidenceFile, bytes: AsyncIterable<Uint8Array>, limit?: EvidenceLimit): Promise<StoredEvidenceFile>;
  list(draftId: string): Promise<StoredEvidenceFile[]>;
  get(draftId: string, fileId: string): Promise<StoredEvidenceFile | undefined>;
  /** The bytes, piece by piece, one query each. */
  read(draftId: string, fileId: string): AsyncIterable<Buffer>;
  /** @returns whether there was such a file */
  remove(draftId: string, fileId: string): Promise<boolean>;
  /**
   * Records that the caseworker system has downloaded the file (through the
   * consumer API), the first time only: an application goes, in its time, once
   * all its files have been (src/store/record-retention.ts).
   */
  markDownloaded(draftId: string, fileId: string, at: Date): Promise<void>;
}

export function createEvidenceFileRepository(db: Database): EvidenceFileRepository {
  async function get(draftId: string, fileId: string): Promise<StoredEvidenceFile | undefined> {
    if (!isId(draftId) || !isId(fileId)) return undefined;
    const [row] = await db.query(`SELECT ${FILE_COLUMNS} FROM evidence_files WHERE id = $1 AND draft_id = $2`, [fileId, draftId]);
    return row ? fileRowSchema.parse(row) : undefined;
  }

  // pg sends a Buffer as a binary parameter, copied once. PGlite would hex-encode
  // it in JavaScript byte by byte (about 10 times slower), so it gets base64
  // text, which Node encodes natively and the database decodes.
  const insertPiece =
    db.engine === 'pglite'
      ? "INSERT INTO evidence_file_chunks (file_id, seq, bytes) VALUES ($1, $2, decode($3, 'base64'))"
      : 'INSERT INTO evidence_file_chunks (file_id, seq, bytes) VALUES ($1, $2, $3)';
  const bytesParameter = (piece: Uint8Array): Buffer | string => {
    const buffer = Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    return db.engine === 'pglite' ? buffer.toString('base64') : buffer;
  };

  return {
    async add(file, bytes, limit) {
      return db.transaction(async (tx) => {
        if (limit) {
          // One upload at a time per draft, whichever instance takes it: the count below cannot go stale before the insert.
          await tx.query('SELECT id FROM drafts WHERE id = $1 FOR UPDATE', [file.draftId]);
          const rows = await tx.query('SELECT role FROM evidence_files WHERE draft_id = $1', [file.draftId]);
          const roles = rows.map((row) => z.object({ role: z.string() }).parse(row).role);
          const places = (limit.keepPlaceFor ?? []).filter((role) => role !== file.role && !roles.includes(role)).length;
          if (roles.length + places >= limit.maxFiles) throw new EvidenceLimitReachedError(file.draftId);
        }
        const [row] = await tx.query(
          `INSERT INTO evidence_files (draft_id, role, name, size, type, sha256, scan) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${FILE_COLUMNS}`,
          [file.draftId, file.role, file.name, file.size, file.type, file.sha256, file.scan],
        );
        const stored = fileRowSchema.parse(row);
        let seq = 0;
        let total = 0;
        for await (const piece of bytes) {
          total += piece.byteLength;
          await tx.query(insertPiece, [stored.id, seq, bytesParameter(piece)]);
          seq += 1;
        }
        if (total !== file.size) throw new EvidenceSizeMismatchError(file.size, total);
        return stored;
      });
    },

    async markDownloaded(draftId, fileId, at) {
      if (!isId(draftId) || !isId(fileId)) return;
      await db.query('UPDATE evidence_files SET downloaded_at = $3 WHERE id = $1 AND draft_id = $2 AND downloaded_at IS NULL', [fileId, draftId, at]);
    },

    async list(draftId) {
      if (!isId(draftId)) return [];
      const rows = await db.query(`SELECT ${FILE_COLUMNS} FROM evidence_files WHERE draft_id = $1 ORDER BY created_at, id`, [draftId]);
      return rows.map((row) => fileRowSchema.parse(row));
    },

    get,

    async *read(draftId, fileId) {
      if (!(await get(draftId, fileId))) return;
      for (let seq = 0; ; seq += 1) {
        const [row] = await db.query<{ bytes: string }>("SELECT encode(bytes, 'base64') AS bytes FROM evidence_file_chunks WHERE file_id = $1 AND seq = $2", [
          fileId,
          seq,
        ]);
        if (!row) return;
        yield Buffer.from(row.bytes, 'base64');
      }
    },

    async remove(draftId, fileId) {
      if (!isId(draftId) || !isId(fileId)) return false;
      const rows = await db.query('DELETE FROM evidence_files WHERE id = $1 AND draft_id = $2 RETURNING id', [fileId, draftId]);
      return rows.length > 0;
    },
  };
}
