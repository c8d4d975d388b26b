import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import express, { type Request, type Router } from 'express';
import type { EvidenceFileRepository } from '../store/evidence-files.ts';

/**
 * Downloading an uploaded file: only through the session whose draft it
 * belongs to. Anyone else, including someone with the right file id, gets
 * the same 404 as for a file that does not exist. Always an attachment, never
 * rendered by the browser, with the type it was found to be and no sniffing.
 */
export interface DownloadRouteDeps {
  readonly files: EvidenceFileRepository;
  /** e.g. '/apply/evidence/files' */
  readonly basePath: string;
  /** The draft this session is working on, if any. */
  readonly draftIdOf: (req: Request) => string | undefined;
}

export function evidenceDownloadRouter(deps: DownloadRouteDeps): Router {
  const router = express.Router();
  router.get(`${deps.basePath}/:fileId`, async (req, res, next) => {
    const draftId = deps.draftIdOf(req);
    const file = draftId ? await deps.files.get(draftId, req.params.fileId) : undefined;
    if (!draftId || !file) return next();
    res.set({
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      // Should a browser render it anyway, it runs nothing and reaches nothing.
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Content-Length': String(file.size),
    });
    // express's attachment() writes an ASCII fallback and an RFC 5987 UTF-8 filename*.
    res.attachment(file.name);
    res.type(file.type);
    await pipeline(Readable.from(deps.files.read(draftId, file.id)), res);
  });
  return router;
}
