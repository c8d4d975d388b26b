import { z } from 'zod';
import type { ApplicationRepository } from '../store/applications.ts';
import type { EvidenceFileRepository } from '../store/evidence-files.ts';
import type { StoredEvidenceFile } from '../store/evidence-files.ts';
import type { AgencyResponseEvidence, EvidenceCatalogue, EvidenceDownload, EvidenceMeta } from './evidence-catalogue.ts';

/**
 * The hand-off's view of the stored evidence (its port is
 * evidence-catalogue.ts): an application's files are the ones its submitted
 * document lists, read from the draft the application was made from. A file id that the document does
 * not list is not that application's, whatever the files table says.
 */

const listedSchema = z.object({ evidence: z.array(z.object({ id: z.string(), role: z.string().optional() })).catch([]) });

function metaOf(file: StoredEvidenceFile): EvidenceMeta {
  return {
    id: file.id,
    name: file.name,
    type: file.type,
    size: file.size,
    sha256: file.sha256,
    scanResult: file.scan,
    // Files are scanned as they are accepted, so the row's creation is the scan's time.
    scannedAt: file.scan === 'clean' ? file.createdAt : undefined,
    role: file.role,
  };
}

export function evidenceCatalogue(deps: { applications: ApplicationRepository; files: EvidenceFileRepository; now?: () => Date }): EvidenceCatalogue {
  const now = deps.now ?? (() => new Date());
  async function listed(applicationId: string) {
    const application = await deps.applications.getById(applicationId);
    if (!application) return undefined;
    const parsed = listedSchema.safeParse(application.data);
    return { draftId: application.draftId, files: parsed.success ? parsed.data.evidence : [] };
  }

  return {
    async listForApplication(applicationId) {
      const application = await listed(applicationId);
      if (!application) return [];
      const metas: EvidenceMeta[] = [];
      for (const { id } of application.files) {
        const file = await deps.files.get(application.draftId, id);
        if (file) metas.push(metaOf(file));
      }
      return metas;
    },

    async open(applicationId, fileId) {
      const application = await listed(applicationId);
      if (!application?.files.some((f) => f.id === fileId)) return undefined;
      return downloadOf(deps.files, application.draftId, fileId, now);
    },
  };
}

/** A listed file of a draft, ready to send: its details, its bytes, and how to record that it was sent in full. */
async function downloadOf(files: EvidenceFileRepository, draftId: string, fileId: string, now: () => Date): Promise<EvidenceDownload | undefined> {
  const file = await files.get(draftId, fileId);
  if (!file) return undefined;
  return {
    name: file.name,
    type: file.type,
    size: file.size,
    bytes: files.read(draftId, fileId),
    downloaded: () => files.markDownloaded(draftId, fileId, now()),
  };
}

/**
 * An agency response's files, the same way: the ones its document lists,
 * read from the response's draft. The applicant's application never lists
 * them, so the applicant's evidence downloads never reach them.
 */
export function agencyResponseEvidence(deps: { files: EvidenceFileRepository; now?: () => Date }): AgencyResponseEvidence {
  const now = deps.now ?? (() => new Date());
  const listedIds = (data: unknown): string[] => {
    const parsed = listedSchema.safeParse(data);
    return parsed.success ? parsed.data.evidence.map((f) => f.id) : [];
  };
  return {
    async listForResponse(response) {
      const metas: EvidenceMeta[] = [];
      for (const id of listedIds(response.data)) {
        const file = await deps.files.get(response.draftId, id);
        if (file) metas.push(metaOf(file));
      }
      return metas;
    },

    async open(response, fileId) {
      if (!listedIds(response.data).includes(fileId)) return undefined;
      return downloadOf(deps.files, response.draftId, fileId, now);
    },
  };
}
