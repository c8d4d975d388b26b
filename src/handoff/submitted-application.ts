import type { Application } from '../store/applications.ts';
import type { EvidenceMeta } from './evidence-catalogue.ts';
import {
  APPLICATION_SUBMITTED,
  applicationSubmittedEventSchema,
  submittedApplicationSchema,
  type ApplicationSubmittedEvent,
  type SubmittedApplication,
} from './event-schema.ts';

/** Where a consumer downloads one evidence file (the consumer API). */
export function evidenceUrl(publicBaseUrl: string, applicationId: string, fileId: string): string {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return `${base}/api/v1/applications/${encodeURIComponent(applicationId)}/evidence/${encodeURIComponent(fileId)}`;
}

/**
 * The stored application with its evidence metadata, checked against the
 * event schema: a document that does not match is a bug to find here, not in
 * the caseworker system.
 */
export function buildSubmittedApplication(application: Application, evidence: readonly EvidenceMeta[], publicBaseUrl: string): SubmittedApplication {
  const document = typeof application.data === 'object' && application.data !== null ? application.data : {};
  return submittedApplicationSchema.parse({
    ...document,
    applicationId: application.id,
    reference: application.reference,
    submittedAt: application.submittedAt.toISOString(),
    evidence: evidence.map((file) => ({
      id: file.id,
      name: file.name,
      type: file.type,
      size: file.size,
      sha256: file.sha256,
      scanResult: file.scanResult,
      scannedAt: file.scannedAt?.toISOString(),
      role: file.role,
      url: evidenceUrl(publicBaseUrl, application.id, file.id),
    })),
  });
}

export function buildSubmittedEvent(application: Application, evidence: readonly EvidenceMeta[], publicBaseUrl: string): ApplicationSubmittedEvent {
  return applicationSubmittedEventSchema.parse({
    type: APPLICATION_SUBMITTED,
    timestamp: application.submittedAt.toISOString(),
    data: buildSubmittedApplication(application, evidence, publicBaseUrl),
  });
}
