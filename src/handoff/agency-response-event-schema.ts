import { z } from 'zod';
import { agencyResponseDocumentSchema } from '../journeys/agency-response/response-document.ts';
import { routeSchema } from '../rules/deadlines.ts';
import { evidenceMetadataSchema } from './event-schema.ts';

/**
 * The `agency_response.submitted` webhook event, version 1: an agency's
 * response to an application, with its documents' metadata (the bytes come
 * from the consumer API). Published as
 * src/handoff/schemas/agency-response-submitted.v1.json, generated from these
 * definitions (a test fails when the two differ). As for
 * application.submitted: optional fields may be added within v1; anything
 * else is a v2 event.
 */

export const AGENCY_RESPONSE_SUBMITTED = 'agency_response.submitted';
export const AGENCY_RESPONSE_SUBMITTED_SCHEMA_PATH = '/schemas/agency-response-submitted.v1.json';

const instant = z.iso.datetime();

/** The response as the caseworker system gets it, in the event and from the consumer API alike. */
export const submittedAgencyResponseSchema = agencyResponseDocumentSchema.extend({
  responseId: z.uuid(),
  notificationId: z.uuid().describe('the notification whose link the agency used'),
  applicationId: z.uuid(),
  reference: z.string().describe('the application’s reference'),
  route: routeSchema,
  submittedAt: instant,
  evidence: z.array(evidenceMetadataSchema).min(1).describe('the agency’s documents (role agency-document)'),
});
export type SubmittedAgencyResponse = z.infer<typeof submittedAgencyResponseSchema>;

export const agencyResponseSubmittedEventSchema = z.object({
  type: z.literal(AGENCY_RESPONSE_SUBMITTED),
  timestamp: instant.describe('when the response was sent'),
  data: submittedAgencyResponseSchema,
});
export type AgencyResponseSubmittedEvent = z.infer<typeof agencyResponseSubmittedEventSchema>;

/** The published JSON Schema (draft 2020-12), from the input side of the zod schemas, so objects stay open to fields added later in v1. */
export function agencyResponseSubmittedJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(agencyResponseSubmittedEventSchema, { target: 'draft-2020-12', io: 'input' }),
    $id: 'urn:irm-apply:schema:agency-response-submitted:v1',
    title: 'IRM agency_response.submitted webhook event, version 1',
  };
}
