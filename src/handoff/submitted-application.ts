import type { AgencyNotification } from '../store/agency-notifications.ts';
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

/** Where a consumer gets one agency response (the consumer API). */
export function agencyResponseUrl(publicBaseUrl: string, applicationId: string, responseId: string): string {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return `${base}/api/v1/applications/${encodeURIComponent(applicationId)}/agency-responses/${encodeURIComponent(responseId)}`;
}

/** What the agency was sent and sent back, as the application's document lists it. */
export interface AgencyRecords {
  readonly notifications: readonly AgencyNotification[];
  readonly responses: ReadonlyArray<{ id: string; notificationId: string; submittedAt: Date }>;
}

/**
 * The stored application with its evidence metadata (and, when given, the
 * agency's notifications and responses), checked against the event schema: a
 * document that does not match is a bug to find here, not in the caseworker
 * system.
 */
export function buildSubmittedApplication(
  application: Application,
  evidence: readonly EvidenceMeta[],
  publicBaseUrl: string,
  agency?: AgencyRecords,
): SubmittedApplication {
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
    agencyNotifications: agency?.notifications.map((notification) => ({
      id: notification.id,
      email: notification.emailAddress,
      name: notification.recipientName ?? undefined,
      source: notification.source,
      sentAt: notification.sentAt.toISOString(),
      dueDate: notification.dueDate,
    })),
    agencyResponses: agency?.responses.map((response) => ({
      id: response.id,
      notificationId: response.notificationId,
      submittedAt: response.submittedAt.toISOString(),
      url: agencyResponseUrl(publicBaseUrl, application.id, response.id),
    })),
  });
}

export function buildSubmittedEvent(
  application: Application,
  evidence: readonly EvidenceMeta[],
  publicBaseUrl: string,
  agency?: AgencyRecords,
): ApplicationSubmittedEvent {
  return applicationSubmittedEventSchema.parse({
    type: APPLICATION_SUBMITTED,
    timestamp: application.submittedAt.toISOString(),
    data: buildSubmittedApplication(application, evidence, publicBaseUrl, agency),
  });
}
