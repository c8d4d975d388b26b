import { z } from 'zod';
import { EVIDENCE_ROLES, SCAN_RESULTS } from '../rules/evidence.ts';
import type { StoredEvidenceFile } from '../store/evidence-files.ts';

/**
 * What the evidence page saves in the draft: the uploaded files' details (the
 * bytes stay in the files table) and whether the person pressed Continue.
 */
export const evidenceFileSchema = z.object({
  id: z.guid(),
  role: z.enum(EVIDENCE_ROLES),
  name: z.string().min(1),
  size: z.number().int().positive(),
  type: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  scan: z.enum(SCAN_RESULTS),
});
export type EvidenceFile = z.infer<typeof evidenceFileSchema>;

export const evidenceAnswersSchema = z.object({
  files: z.array(evidenceFileSchema),
  confirmed: z.boolean().optional(),
});
export type EvidenceAnswers = z.infer<typeof evidenceAnswersSchema>;

export function readEvidenceAnswers(saved: unknown): EvidenceAnswers {
  const parsed = evidenceAnswersSchema.safeParse(saved);
  return parsed.success ? parsed.data : { files: [] };
}

/** Done when the person has pressed Continue with at least one copy of the decision letter uploaded. */
export function isEvidenceComplete(saved: unknown): boolean {
  const parsed = evidenceAnswersSchema.safeParse(saved);
  return parsed.success && parsed.data.confirmed === true && parsed.data.files.some((f) => f.role === 'decision-letter');
}

export function toEvidenceFile(stored: StoredEvidenceFile): EvidenceFile {
  return { id: stored.id, role: stored.role, name: stored.name, size: stored.size, type: stored.type, sha256: stored.sha256, scan: stored.scan };
}
