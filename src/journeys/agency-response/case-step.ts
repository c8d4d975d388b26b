import type { CustomPageHandler, CustomStep } from '../../engine/journey.ts';
import { renderLinkNotValid } from '../../web/link-pages.ts';
import type { AgencyResponsePort } from '../ports.ts';
import { caseView, ROUTE_KEYS } from './case-view.ts';

/**
 * The journey's first page: which application this is (enough to find the
 * case), what the agency must do and by when. It asks nothing; Continue
 * records that it was seen.
 */

export const CASE_STEP_ID = 'the-application';
const T = `journey:steps.${CASE_STEP_ID}`;

export function caseStep(handle: CustomPageHandler, next: string): CustomStep {
  return {
    id: CASE_STEP_ID,
    kind: 'custom',
    valueName: 'agencyCaseSeen',
    next,
    isComplete: (saved) => saved.seen === true,
    // Nothing to check: the page only tells.
    summarise: () => [],
    handle,
    translationKeys: [
      ...[
        'intro',
        'reference',
        'route',
        'decisionDate',
        'applicant',
        'todoHeading',
        'todoIntro',
        'todo.confirm',
        'todo.liaison',
        'todo.documents',
        'comeBack',
      ].map((key) => `${T}.${key}`),
      ...ROUTE_KEYS,
    ],
  };
}

export function casePageHandler(responses: AgencyResponsePort): CustomPageHandler {
  return async (req, res, page) => {
    const found = page.existingDraftId ? await responses.caseForDraft(page.existingDraftId) : undefined;
    // Only a session that opened a link reaches here (the journey's guard); its draft always has a case.
    if (!found) {
      renderLinkNotValid(res);
      return;
    }
    if (req.method === 'POST') {
      await page.save({ seen: true });
      await page.proceed();
      return;
    }
    res.render('agency-response/the-application.njk', { ...page.locals, agencyCase: caseView(found, page.t.lang) });
  };
}
