import { z } from 'zod';
import type { Walk } from '../../engine/walk.ts';
import { routeSchema } from '../../rules/deadlines.ts';
import { EVIDENCE_ROLES } from '../../rules/evidence.ts';
import { readEvidenceAnswers } from '../../evidence/evidence-answers.ts';
import { agencyTypes } from './application.ts';

/**
 * The submitted application as the caseworker system receives it. Built only
 * from answers on the walked path, so answers a change made unreachable are
 * never sent. Versioned: a breaking change needs a new version.
 */
const isoDate = z.iso.date();
const addressSchema = z.object({ line1: z.string(), line2: z.string(), town: z.string(), county: z.string(), postcode: z.string() });
const optionalText = z.string().optional();

export const applicationDocumentSchema = z.object({
  schemaVersion: z.literal(1),
  journey: z.object({ id: z.string(), version: z.string() }),
  route: routeSchema,
  eligibility: z.object({
    decisionAbout: routeSchema,
    agencyCountry: z.literal('england'),
    hasLetter: z.literal('yes'),
    fosteringDecision: z.enum(['not-approved', 'terminate', 'revise-terms']).optional(),
    resigned: z.literal('no').optional(),
    agreedTerms: z.literal('no').optional(),
    adoptionDecision: z.enum(['not-suitable', 'no-longer-suitable']).optional(),
    applicantRole: z.enum(['adopted-person', 'birth-relative', 'subject-of-information', 'other']).optional(),
    adoptionInfoDecision: z.enum(['not-proceed', 'disclose-against-views', 'not-disclose']).optional(),
    adoptionMade: z.enum(['on-or-after-2005', 'not-sure']).optional(),
    sentRepresentations: z.literal('no'),
  }),
  timeLimit: z.object({
    letterDate: isoDate,
    receivedDate: isoDate.optional(),
    countedFrom: isoDate,
    rule: z.enum(['calendar-days', 'working-days']),
    days: z.number().int(),
    lastDay: isoDate,
    late: z.boolean(),
    lateReason: optionalText,
    checkedOn: isoDate,
  }),
  applicant: z.object({ fullName: z.string(), address: addressSchema, email: z.string(), phone: z.string() }),
  jointApplicant: z.object({ fullName: z.string(), email: optionalText, phone: optionalText }).optional(),
  agency: z.object({
    name: z.string(),
    type: z.enum(agencyTypes),
    email: z.string(),
    address: addressSchema.optional(),
    phone: optionalText,
    socialWorker: z.object({ name: optionalText, email: optionalText }).optional(),
  }),
  decision: z.object({ whatWasDecided: z.string(), whyYouDisagree: z.string() }),
  /** Uploaded files' details; the bytes are fetched from the consumer API by id. At least one decision letter. */
  evidence: z
    .array(
      z.object({
        id: z.guid(),
        role: z.enum(EVIDENCE_ROLES),
        name: z.string(),
        type: z.string(),
        size: z.number().int().positive(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        scan: z.enum(['clean', 'not-scanned']),
      }),
    )
    .refine((files) => files.some((f) => f.role === 'decision-letter'), 'needs the decision letter'),
  support: z.object({
    needs: z.array(z.enum(['interpreter', 'bsl', 'adjustments', 'none'])),
    interpreterLanguage: optionalText,
    adjustments: optionalText,
  }),
  contactPreference: z.enum(['email', 'phone', 'post']),
  consentToShareWithAgency: z.literal(true),
  declaration: z.object({ accepted: z.literal(true), language: z.enum(['en', 'cy']) }),
});
export type ApplicationDocument = z.infer<typeof applicationDocumentSchema>;

function text(values: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Build and check the document; a failure here is a bug in the journey, not the user's fault. */
export function buildApplicationDocument(w: Walk, meta: { journeyId: string; journeyVersion: string; today: string; language: 'en' | 'cy' }): ApplicationDocument {
  const v = w.values;
  const deadline = w.facts.derived('deadline') as { startDate: string; rule: string; days: number; lastDay: string; late: boolean } | undefined;
  const hasJoint = v.hasJointApplicant === 'yes';
  const socialWorker = { name: text(v, 'socialWorkerName'), email: text(v, 'socialWorkerEmail') };
  return applicationDocumentSchema.parse({
    schemaVersion: 1,
    journey: { id: meta.journeyId, version: meta.journeyVersion },
    route: v.decisionAbout,
    eligibility: {
      decisionAbout: v.decisionAbout,
      agencyCountry: v.agencyCountry,
      hasLetter: v.hasLetter,
      fosteringDecision: v.fosteringDecision,
      resigned: v.resigned,
      agreedTerms: v.agreedTerms,
      adoptionDecision: v.adoptionDecision,
      applicantRole: v.applicantRole,
      adoptionInfoDecision: v.adoptionInfoDecision,
      adoptionMade: v.adoptionMade,
      sentRepresentations: v.sentRepresentations,
    },
    timeLimit: {
      letterDate: v.letterDate,
      receivedDate: text(v, 'receivedDate'),
      countedFrom: deadline?.startDate,
      rule: deadline?.rule,
      days: deadline?.days,
      lastDay: deadline?.lastDay,
      late: deadline?.late,
      lateReason: deadline?.late ? text(v, 'lateReason') : undefined,
      checkedOn: meta.today,
    },
    applicant: { fullName: v.fullName, address: v.address, email: v.email, phone: v.phone },
    jointApplicant: hasJoint ? { fullName: v.jointName, email: text(v, 'jointEmail'), phone: text(v, 'jointPhone') } : undefined,
    agency: {
      name: v.agencyName,
      type: v.agencyType,
      email: v.agencyEmail,
      address: v.agencyAddress,
      phone: text(v, 'agencyPhone'),
      socialWorker: socialWorker.name || socialWorker.email ? socialWorker : undefined,
    },
    decision: { whatWasDecided: v.decisionDetails, whyYouDisagree: v.disagreeReasons },
    evidence: readEvidenceAnswers(v.evidence).files.map(({ id, role, name, type, size, sha256, scan }) => ({ id, role, name, type, size, sha256, scan })),
    support: {
      needs: v.supportNeeds,
      interpreterLanguage: text(v, 'interpreterLanguage'),
      adjustments: text(v, 'adjustmentsDetails'),
    },
    contactPreference: v.contactPreference,
    consentToShareWithAgency: v.consentToShare === 'yes',
    declaration: { accepted: true, language: meta.language },
  });
}
