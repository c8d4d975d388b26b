import { z } from 'zod';
import { LANGUAGES, type Language } from '../../languages.ts';
import type { Walk } from '../../engine/walk.ts';
import { AGENCY_EVIDENCE_ROLES, SCAN_RESULTS } from '../../rules/evidence.ts';
import { readEvidenceAnswers } from '../../evidence/evidence-answers.ts';

/**
 * The agency's response as the caseworker system receives it (with the
 * case's ids and the files' download links added by the hand-off). Built
 * only from answers on the walked path. Versioned: a breaking change needs a
 * new version.
 */
export const agencyResponseDocumentSchema = z.object({
  schemaVersion: z.literal(1),
  journey: z.object({ id: z.string(), version: z.string() }),
  decision: z.object({
    /** Only an agency that made the decision can send a response; one that did not is asked to contact the IRM. */
    madeByAgency: z.literal(true),
    decisionDate: z.iso.date().describe('the date of the decision, as the agency gives it'),
  }),
  liaisonOfficer: z.object({ name: z.string(), role: z.string(), email: z.string(), phone: z.string() }),
  /** The agency's papers; the bytes are fetched from the consumer API by id. At least one. */
  evidence: z
    .array(
      z.object({
        id: z.guid(),
        role: z.enum(AGENCY_EVIDENCE_ROLES),
        name: z.string(),
        type: z.string(),
        size: z.number().int().positive(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        scan: z.enum(SCAN_RESULTS),
      }),
    )
    .min(1),
  declaration: z.object({ accepted: z.literal(true), language: z.enum(LANGUAGES) }),
});
export type AgencyResponseDocument = z.infer<typeof agencyResponseDocumentSchema>;

/** Build and check the document; a failure here is a bug in the journey, not the agency's fault. */
export function buildAgencyResponseDocument(w: Walk, meta: { journeyId: string; journeyVersion: string; language: Language }): AgencyResponseDocument {
  const v = w.values;
  return agencyResponseDocumentSchema.parse({
    schemaVersion: 1,
    journey: { id: meta.journeyId, version: meta.journeyVersion },
    decision: { madeByAgency: v.madeDecision === 'yes', decisionDate: v.decisionDate },
    liaisonOfficer: { name: v.liaisonName, role: v.liaisonRole, email: v.liaisonEmail, phone: v.liaisonPhone },
    evidence: readEvidenceAnswers(v.agencyDocuments)
      .files.filter((file) => file.role === 'agency-document')
      .map(({ id, role, name, type, size, sha256, scan }) => ({ id, role, name, type, size, sha256, scan })),
    declaration: { accepted: true, language: meta.language },
  });
}
