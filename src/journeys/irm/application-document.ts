import { z } from 'zod';
import { LANGUAGES, type Language } from '../../languages.ts';
import { addressValueSchema } from '../../engine/fields/address.ts';
import type { Walk } from '../../engine/walk.ts';
import { routeSchema } from '../../rules/deadlines.ts';
import { APPLICANT_EVIDENCE_ROLES, SCAN_RESULTS } from '../../rules/evidence.ts';
import { readEvidenceAnswers } from '../../evidence/evidence-answers.ts';
import { directoryAgencyOf } from './agency-choice.ts';
import * as vocabulary from './vocabulary.ts';

/**
 * The submitted application as the caseworker system receives it. Built only
 * from answers on the walked path, so answers a change made unreachable are
 * never sent. Versioned: a breaking change needs a new version.
 */
const isoDate = z.iso.date();
const addressSchema = addressValueSchema;
const optionalText = z.string().optional();

export const applicationDocumentSchema = z.object({
  schemaVersion: z.literal(1),
  journey: z.object({ id: z.string(), version: z.string() }),
  route: routeSchema,
  eligibility: z.object({
    // Each answer's options less the ones that end on an exit page.
    decisionAbout: z.enum(vocabulary.decisionAbout).exclude(['something-else']),
    agencyCountry: z.enum(vocabulary.agencyCountries).extract(['england']),
    hasLetter: z.literal('yes'),
    fosteringDecision: z.enum(vocabulary.fosteringDecisions).exclude(['early-stage', 'temporary-approval']).optional(),
    resigned: z.literal('no').optional(),
    agreedTerms: z.literal('no').optional(),
    adoptionDecision: z.enum(vocabulary.adoptionDecisions).exclude(['stage-one']).optional(),
    /** Adoption, not suitable: whether the letter offers an independent review (AAR 2005 reg 30B(5A)). */
    letterOffersReview: z.enum(vocabulary.letterOffersReview).exclude(['no']).optional(),
    /** Adoption information: only section 61 applications (information about an adult) can be reviewed. */
    informationAbout: z.enum(vocabulary.informationAbout).exclude(['child']).optional(),
    applicantRole: z.enum(vocabulary.applicantRoles).optional(),
    adoptionInfoDecision: z.enum(vocabulary.adoptionInfoDecisions).optional(),
    adoptionMade: z.enum(vocabulary.adoptionMade).exclude(['before-2005']).optional(),
    sentRepresentations: z.literal('no'),
  }),
  timeLimit: z.object({
    letterDate: isoDate,
    /** No longer asked: every route counts from the date the letter was sent. Kept (always absent) so v1 stays compatible. */
    receivedDate: isoDate.optional().meta({ deprecated: true, description: 'No longer asked or sent: every route counts from the date the letter was sent.' }),
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
    type: z.enum(vocabulary.agencyTypes),
    email: z.string(),
    address: addressSchema.optional(),
    phone: optionalText,
    socialWorker: z.object({ name: optionalText, email: optionalText }).optional(),
    /** Added within v1, so optional: absent in applications sent before the agency directory. */
    source: z
      .enum(['directory', 'applicant'])
      .optional()
      .describe(
        "directory: the applicant picked the agency from the IRM's agency directory, which gave its name and type; applicant: the applicant typed its name and type. Either way `email` is the address the applicant gave",
      ),
    directoryId: z.uuid().optional().describe("the agency's id in the IRM's agency directory, when `source` is directory"),
  }),
  decision: z.object({ whatWasDecided: z.string(), whyYouDisagree: z.string() }),
  /** Uploaded files' details; the bytes are fetched from the consumer API by id. At least one decision letter. */
  evidence: z
    .array(
      z.object({
        id: z.guid(),
        role: z.enum(APPLICANT_EVIDENCE_ROLES),
        name: z.string(),
        type: z.string(),
        size: z.number().int().positive(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        scan: z.enum(SCAN_RESULTS),
      }),
    )
    .refine((files) => files.some((f) => f.role === 'decision-letter'), 'needs the decision letter'),
  support: z.object({
    needs: z.array(z.enum(vocabulary.supportNeeds)),
    interpreterLanguage: optionalText,
    adjustments: optionalText,
  }),
  contactPreference: z.enum(vocabulary.contactPreferences),
  /**
   * No longer asked, so always absent: the IRM must send the agency a copy of
   * the application (IRM Regulations 2009 reg 18(a)), which needs no consent.
   * Optional rather than removed, so the change stays within v1.
   */
  consentToShareWithAgency: z.literal(true).optional().meta({
    deprecated: true,
    description: 'No longer asked or sent: the IRM must send the agency a copy of every application (IRM Regulations 2009 reg 18(a)).',
  }),
  declaration: z.object({ accepted: z.literal(true), language: z.enum(LANGUAGES) }),
});
export type ApplicationDocument = z.infer<typeof applicationDocumentSchema>;

function text(values: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Build and check the document; a failure here is a bug in the journey, not the user's fault. */
export function buildApplicationDocument(w: Walk, meta: { journeyId: string; journeyVersion: string; today: string; language: Language }): ApplicationDocument {
  const v = w.values;
  const deadline = w.facts.derived('deadline') as { startDate: string; rule: string; days: number; lastDay: string; late: boolean } | undefined;
  const hasJoint = v.hasJointApplicant === 'yes';
  const socialWorker = { name: text(v, 'socialWorkerName'), email: text(v, 'socialWorkerEmail') };
  const listed = directoryAgencyOf(w.facts);
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
      letterOffersReview: v.letterOffersReview,
      informationAbout: v.informationAbout,
      applicantRole: v.applicantRole,
      adoptionInfoDecision: v.adoptionInfoDecision,
      adoptionMade: v.adoptionMade,
      sentRepresentations: v.sentRepresentations,
    },
    timeLimit: {
      letterDate: v.letterDate,
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
      name: listed ? listed.name : v.agencyName,
      type: listed ? listed.type : v.agencyType,
      email: v.agencyEmail,
      address: v.agencyAddress,
      phone: text(v, 'agencyPhone'),
      socialWorker: socialWorker.name || socialWorker.email ? socialWorker : undefined,
      source: listed ? 'directory' : 'applicant',
      directoryId: listed?.id,
    },
    decision: { whatWasDecided: v.decisionDetails, whyYouDisagree: v.disagreeReasons },
    evidence: readEvidenceAnswers(v.evidence).files.map(({ id, role, name, type, size, sha256, scan }) => ({ id, role, name, type, size, sha256, scan })),
    support: {
      needs: v.supportNeeds,
      interpreterLanguage: text(v, 'interpreterLanguage'),
      adjustments: text(v, 'adjustmentsDetails'),
    },
    contactPreference: v.contactPreference,
    declaration: { accepted: true, language: meta.language },
  });
}
