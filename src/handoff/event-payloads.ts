import type { ApplicationRepository } from '../store/applications.ts';
import type { EvidenceCatalogue } from './evidence-catalogue.ts';
import { APPLICATION_SUBMITTED } from './event-schema.ts';
import { buildSubmittedEvent } from './submitted-application.ts';

export interface EventPayloads {
  /** The JSON body to send for an outbox event. */
  body(event: { type: string; applicationId: string }): Promise<string>;
}

export interface EventPayloadDeps {
  applications: Pick<ApplicationRepository, 'getById'>;
  evidence: EvidenceCatalogue;
  publicBaseUrl: string;
}

/**
 * Builds each event's body when it is sent, from the application (which never
 * changes once submitted) and its evidence, exactly as the consumer API does.
 */
export function createEventPayloads(deps: EventPayloadDeps): EventPayloads {
  return {
    async body(event) {
      if (event.type !== APPLICATION_SUBMITTED) throw new Error(`No payload is defined for events of type ${event.type}`);
      const application = await deps.applications.getById(event.applicationId);
      if (!application) throw new Error(`Application ${event.applicationId} no longer exists`);
      const evidence = await deps.evidence.listForApplication(application.id);
      return JSON.stringify(buildSubmittedEvent(application, evidence, deps.publicBaseUrl));
    },
  };
}
