import type { AgencyResponse } from '../store/agency-responses.ts';
import {
  AGENCY_RESPONSE_SUBMITTED,
  agencyResponseSubmittedEventSchema,
  submittedAgencyResponseSchema,
  type AgencyResponseSubmittedEvent,
  type SubmittedAgencyResponse,
} from './agency-response-event-schema.ts';
import type { EvidenceMeta } from './evidence-catalogue.ts';
import { agencyResponseUrl } from './submitted-application.ts';

/** Where a consumer downloads one of an agency response's files (the consumer API). */
export function agencyEvidenceUrl(publicBaseUrl: string, applicationId: string, responseId: string, fileId: string): string {
  return `${agencyResponseUrl(publicBaseUrl, applicationId, responseId)}/evidence/${encodeURIComponent(fileId)}`;
}

/** The stored response with its case's ids and its files' metadata, checked against the event schema. */
export function buildSubmittedAgencyResponse(response: AgencyResponse, evidence: readonly EvidenceMeta[], publicBaseUrl: string): SubmittedAgencyResponse {
  const document = typeof response.data === 'object' && response.data !== null ? response.data : {};
  return submittedAgencyResponseSchema.parse({
    ...document,
    responseId: response.id,
    notificationId: response.notificationId,
    applicationId: response.applicationId,
    reference: response.reference,
    route: response.route,
    submittedAt: response.submittedAt.toISOString(),
    evidence: evidence.map((file) => ({
      id: file.id,
      name: file.name,
      type: file.type,
      size: file.size,
      sha256: file.sha256,
      scanResult: file.scanResult,
      scannedAt: file.scannedAt?.toISOString(),
      role: file.role,
      url: agencyEvidenceUrl(publicBaseUrl, response.applicationId, response.id, file.id),
    })),
  });
}

export function buildAgencyResponseEvent(response: AgencyResponse, evidence: readonly EvidenceMeta[], publicBaseUrl: string): AgencyResponseSubmittedEvent {
  return agencyResponseSubmittedEventSchema.parse({
    type: AGENCY_RESPONSE_SUBMITTED,
    timestamp: response.submittedAt.toISOString(),
    data: buildSubmittedAgencyResponse(response, evidence, publicBaseUrl),
  });
}
