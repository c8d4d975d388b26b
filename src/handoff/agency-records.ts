import type { AgencyNotificationRepository } from '../store/agency-notifications.ts';
import type { AgencyResponseRepository } from '../store/agency-responses.ts';
import type { AgencyResponseEvidence } from './evidence-catalogue.ts';
import type { AgencyRecords } from './submitted-application.ts';

/** What the hand-off reads about the agency's part: the notifications, the responses and the responses' files. */
export interface AgencyHandoff {
  readonly notifications: Pick<AgencyNotificationRepository, 'listForApplication'>;
  readonly responses: Pick<AgencyResponseRepository, 'get' | 'listForApplication'>;
  readonly evidence: AgencyResponseEvidence;
}

/** The agency's notifications and responses for an application's document. */
export async function agencyRecordsFor(agency: AgencyHandoff, applicationId: string): Promise<AgencyRecords> {
  const [notifications, responses] = await Promise.all([
    agency.notifications.listForApplication(applicationId),
    agency.responses.listForApplication(applicationId),
  ]);
  return { notifications, responses };
}
