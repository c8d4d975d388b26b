import type { DraftRecord, SubmissionPort } from '../../engine/router.ts';
import { generateReference } from '../../rules/reference.ts';
import type { ApplicationRepository } from '../ports.ts';
import { buildApplicationDocument } from './application-document.ts';

/** "Accept and send": the finished application, stored once per draft with a fresh reference. */
export function irmSubmissions(applications: ApplicationRepository, journey: { id: string; version: string }): SubmissionPort {
  return {
    async submit(draft: DraftRecord, w, ctx) {
      const document = buildApplicationDocument(w, {
        journeyId: journey.id,
        journeyVersion: journey.version,
        today: ctx.today,
        language: ctx.lang,
      });
      const { application } = await applications.submit({
        draftId: draft.id,
        journeyId: journey.id,
        journeyVersion: journey.version,
        route: document.route,
        late: document.timeLimit.late,
        data: document,
        newReference: () => generateReference(),
      });
      return { reference: application.reference };
    },
    async confirmation(draft) {
      if (!draft.submittedApplicationId) return undefined;
      const application = await applications.getById(draft.submittedApplicationId);
      return application ? { reference: application.reference } : undefined;
    },
  };
}
