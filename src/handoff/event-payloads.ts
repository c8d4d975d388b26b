import type { ApplicationRepository } from '../store/applications.ts';
import { agencyRecordsFor, type AgencyHandoff } from './agency-records.ts';
import { AGENCY_RESPONSE_SUBMITTED } from './agency-response-event-schema.ts';
import type { EvidenceCatalogue } from './evidence-catalogue.ts';
import { APPLICATION_SUBMITTED } from './event-schema.ts';
import { buildAgencyResponseEvent } from './submitted-agency-response.ts';
import { buildSubmittedEvent } from './submitted-application.ts';

export interface EventPayloads {
  /** The JSON body to send for an outbox event. */
  body(event: { type: string; applicationId: string; agencyResponseId?: string | null }): Promise<string>;
}

export interface EventPayloadDeps {
  applications: Pick<ApplicationRepository, 'getById'>;
  evidence: EvidenceCatalogue;
  publicBaseUrl: string;
  /** The agency's part: without it, applications say nothing about agencies and agency events cannot be sent. */
  agency?: AgencyHandoff;
}

/**
 * Builds each event's body when it is sent, exactly as the consumer API
 * does: from the application (which never changes once submitted), its
 * evidence and what the agency has been sent and sent back so far; or from
 * the agency's response (which never changes once sent) and its files.
 */
export function createEventPayloads(deps: EventPayloadDeps): EventPayloads {
  return {
    async body(event) {
      if (event.type === APPLICATION_SUBMITTED) {
        const application = await deps.applications.getById(event.applicationId);
        if (!application) throw new Error(`Application ${event.applicationId} no longer exists`);
        const evidence = await deps.evidence.listForApplication(application.id);
        const agency = deps.agency ? await agencyRecordsFor(deps.agency, application.id) : undefined;
        return JSON.stringify(buildSubmittedEvent(application, evidence, deps.publicBaseUrl, agency));
      }
      if (event.type === AGENCY_RESPONSE_SUBMITTED && deps.agency && event.agencyResponseId) {
        const response = await deps.agency.responses.get(event.agencyResponseId);
        if (!response) throw new Error(`Agency response ${event.agencyResponseId} no longer exists`);
        const evidence = await deps.agency.evidence.listForResponse(response);
        return JSON.stringify(buildAgencyResponseEvent(response, evidence, deps.publicBaseUrl));
      }
      throw new Error(`No payload is defined for events of type ${event.type}`);
    },
  };
}
