import { z } from 'zod';
import type { ApplicationRepository } from '../store/applications.ts';
import type { EvidenceFileRepository } from '../store/evidence-files.ts';
import type { EvidenceCatalogue, EvidenceMeta } from './evidence-catalogue.ts';

/**
 * The hand-off's view of the stored evidence (its port is
 * evidence-catalogue.ts): an application's files are the ones its submitted
 * document lists, read from the draft the application was made from. A file id that the document does
 * not list is not that application's, whatever the files table says.
 */

const listedSchema = z.object({ evidence: z.array(z.object({ id: z.string(), role: z.string().optional() })).catch([]) });

export function evidenceCatalogue(deps: { applications: ApplicationRepository; files: EvidenceFileRepository }): EvidenceCatalogue {
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
        if (!file) continue;
        metas.push({
          id: file.id,
          name: file.name,
          type: file.type,
          size: file.size,
          sha256: file.sha256,
          scanResult: file.scan,
          // Files are scanned as they are accepted, so the row's creation is the scan's time.
          scannedAt: file.scan === 'clean' ? file.createdAt : undefined,
          role: file.role,
        });
      }
      return metas;
    },

    async open(applicationId, fileId) {
      const application = await listed(applicationId);
      if (!application?.files.some((f) => f.id === fileId)) return undefined;
      const file = await deps.files.get(application.draftId, fileId);
      if (!file) return undefined;
      return { name: file.name, type: file.type, size: file.size, bytes: deps.files.read(application.draftId, fileId) };
    },
  };
}
