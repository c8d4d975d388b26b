import type { SubmissionPort } from '../../engine/router.ts';
import { isLanguage } from '../../languages.ts';
import type { AgencyResponsePort } from '../ports.ts';
import { buildAgencyResponseDocument } from './response-document.ts';

/** "Accept and send": the response, stored once per draft; its confirmation shows the application's reference. */
export function agencyResponseSubmissions(responses: AgencyResponsePort, journey: { id: string; version: string }, now: () => Date): SubmissionPort {
  return {
    async submit(draft, w, ctx) {
      const document = buildAgencyResponseDocument(w, {
        journeyId: journey.id,
        journeyVersion: journey.version,
        language: isLanguage(ctx.lang) ? ctx.lang : 'en',
      });
      const { response } = await responses.submit({ draftId: draft.id, journeyId: journey.id, journeyVersion: journey.version, data: document, now: now() });
      return { reference: response.reference };
    },
    async confirmation(draft) {
      // The draft is frozen once sent (its submittedApplicationId is the application the response is about).
      if (!draft.submittedApplicationId) return undefined;
      return responses.forDraft(draft.id);
    },
  };
}
