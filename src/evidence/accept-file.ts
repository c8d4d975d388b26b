import { createHash } from 'node:crypto';
import type { EvidenceRole } from '../rules/evidence.ts';
import { EvidenceLimitReachedError, type EvidenceFileRepository, type EvidenceLimit, type StoredEvidenceFile } from '../store/evidence-files.ts';
import { ScanFailedError } from './clamd.ts';
import { filePieces } from './file-pieces.ts';
import { sanitiseFileName } from './file-name.ts';
import { inspectFile } from './inspect-file.ts';
import type { VirusScanner } from './scanner.ts';

/**
 * One uploaded file, already on disk in a temporary place, through the rest
 * of the pipeline: what it is (from its bytes), a virus scan, then into the
 * database. The first check that fails decides the answer; nothing is stored
 * unless every check passed.
 */

/** Why a file (or an upload) was refused: each has words under `errors.<role>.<problem>`. */
export const UPLOAD_PROBLEMS = [
  'required',
  'empty',
  'wrong-type',
  'not-utf8',
  'password-protected',
  'unpacks-too-large',
  'too-big',
  'virus',
  'failed',
  'too-many-at-once',
  'too-many-in-total',
] as const;
export type UploadProblem = (typeof UPLOAD_PROBLEMS)[number];

/** Those that can befall one file of several sent at once: each also has words naming the file, under `namedErrors.<problem>`. */
export const FILE_PROBLEMS = [
  'empty',
  'wrong-type',
  'not-utf8',
  'password-protected',
  'too-big',
  'virus',
  'failed',
  'too-many-in-total',
] as const satisfies readonly UploadProblem[];

export type AcceptResult =
  | { readonly ok: true; readonly file: StoredEvidenceFile }
  | { readonly ok: false; readonly problem: UploadProblem; readonly name: string; readonly detail?: string };

export interface AcceptDeps {
  readonly files: EvidenceFileRepository;
  readonly scanner: VirusScanner;
}

export interface TemporaryUpload {
  readonly path: string;
  /** As the browser sent it: cleaned here before it is used anywhere. */
  readonly originalName: string;
  readonly size: number;
}

/** The start of the name clamd gives a file it could not scan whole (with `AlertExceedsMax yes`). */
export const CLAMD_LIMITS_EXCEEDED = 'Heuristics.Limits.Exceeded';

/** Bytes per row of evidence_file_chunks. */
export const STORED_CHUNK_BYTES = 64 * 1024;

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of filePieces(path, STORED_CHUNK_BYTES)) hash.update(piece);
  return hash.digest('hex');
}

export async function acceptFile(
  deps: AcceptDeps,
  upload: TemporaryUpload,
  target: { draftId: string; role: EvidenceRole; limit?: EvidenceLimit },
): Promise<AcceptResult> {
  const name = sanitiseFileName(upload.originalName);
  const inspection = await inspectFile(upload.path, name, upload.size);
  if (!inspection.ok) return { ok: false, problem: inspection.problem, name };

  let verdict;
  try {
    verdict = await deps.scanner.scan(upload.path);
  } catch (error) {
    // Never accepted unscanned: no verdict means no file.
    if (error instanceof ScanFailedError) return { ok: false, problem: 'failed', name, detail: error.message };
    throw error;
  }
  if (verdict.result === 'infected') {
    // clamd with AlertExceedsMax: a file past its scan limits (an archive bomb, say) is refused, never passed unscanned.
    const problem = verdict.signature.startsWith(CLAMD_LIMITS_EXCEEDED) ? 'unpacks-too-large' : 'virus';
    return { ok: false, problem, name, detail: verdict.signature };
  }

  const sha256 = await sha256Of(upload.path);
  try {
    const file = await deps.files.add(
      { draftId: target.draftId, role: target.role, name, size: upload.size, type: inspection.mime, sha256, scan: verdict.result },
      // Each piece is written before the next is read, so one reused buffer is enough.
      filePieces(upload.path, STORED_CHUNK_BYTES),
      target.limit,
    );
    return { ok: true, file };
  } catch (error) {
    // Another upload to the same draft took the last place first.
    if (error instanceof EvidenceLimitReachedError) return { ok: false, problem: 'too-many-in-total', name };
    throw error;
  }
}
