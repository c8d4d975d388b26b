import { z } from 'zod';
import { applicationDocumentSchema } from '../journeys/irm/application-document.ts';
import { SCAN_RESULTS } from '../rules/evidence.ts';
import { AGENCY_NOTIFICATION_SOURCES } from '../store/agency-notifications.ts';

/**
 * The `application.submitted` webhook event, version 1. The JSON Schema that
 * the service publishes is generated from these definitions and kept as
 * src/handoff/schemas/application-submitted.v1.json; a test fails when the two
 * differ. Adding an optional field is a compatible change within v1 (consumers
 * ignore fields they do not know); anything else needs a v2 event.
 */

export const APPLICATION_SUBMITTED = 'application.submitted';
export const APPLICATION_SUBMITTED_SCHEMA_PATH = '/schemas/application-submitted.v1.json';

const instant = z.iso.datetime();

/** One file's details; the bytes are downloaded from `url`, never sent in the event. */
export const evidenceMetadataSchema = z.object({
  id: z.string().min(1),
  name: z.string().describe('the name the applicant gave the file'),
  type: z.string().describe('media type detected from the file bytes'),
  size: z.number().int().nonnegative().describe('bytes'),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe('hex SHA-256 of the file bytes'),
  scanResult: z.enum(SCAN_RESULTS).describe('clean: scanned, no virus found; not-scanned: the scanner was unavailable, check before opening'),
  scannedAt: instant.optional(),
  role: z.string().optional().describe('what the applicant uploaded it as, e.g. decision-letter or supporting'),
  url: z.url().describe('GET with the API key (Authorization: Bearer ...) to download the bytes'),
});
export type EvidenceMetadata = z.infer<typeof evidenceMetadataSchema>;

/** One email telling the agency about the application. */
export const agencyNotificationSummarySchema = z.object({
  id: z.uuid(),
  email: z.string().describe('where the notification was sent'),
  name: z.string().optional().describe('who it was addressed to, when the sender said'),
  source: z.enum(AGENCY_NOTIFICATION_SOURCES).describe('caseworker: an address a caseworker checked (the consumer API); directory: the agency directory'),
  sentAt: instant,
  dueDate: z.iso.date().describe('the last day for the agency’s response (10 working days)'),
});
export type AgencyNotificationSummary = z.infer<typeof agencyNotificationSummarySchema>;

/** One response an agency sent; the whole response is at `url` (and came as an agency_response.submitted event). */
export const agencyResponseSummarySchema = z.object({
  id: z.uuid(),
  notificationId: z.uuid(),
  submittedAt: instant,
  url: z.url().describe('GET with the API key (Authorization: Bearer ...) for the response and its documents'),
});
export type AgencyResponseSummary = z.infer<typeof agencyResponseSummarySchema>;

/** The application as the caseworker system gets it, in the event and from the consumer API alike. */
export const submittedApplicationSchema = applicationDocumentSchema.extend({
  applicationId: z.uuid(),
  reference: z.string(),
  submittedAt: instant,
  evidence: z.array(evidenceMetadataSchema),
  // Added within v1 (optional): whether, and where, the agency was told, and what it sent back.
  agencyNotifications: z.array(agencyNotificationSummarySchema).optional().describe('the emails that told the agency about the application, oldest first'),
  agencyResponses: z.array(agencyResponseSummarySchema).optional().describe('the responses the agency sent, oldest first'),
});
export type SubmittedApplication = z.infer<typeof submittedApplicationSchema>;

export const applicationSubmittedEventSchema = z.object({
  type: z.literal(APPLICATION_SUBMITTED),
  timestamp: instant.describe('when the application was submitted'),
  data: submittedApplicationSchema,
});
export type ApplicationSubmittedEvent = z.infer<typeof applicationSubmittedEventSchema>;

/**
 * The published JSON Schema (draft 2020-12). Generated from the input side of
 * the zod schemas, so objects stay open to fields added later in v1.
 */
export function applicationSubmittedJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(applicationSubmittedEventSchema, { target: 'draft-2020-12', io: 'input' }),
    $id: `urn:irm-apply:schema:application-submitted:v1`,
    title: 'IRM application.submitted webhook event, version 1',
  };
}
