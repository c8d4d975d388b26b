import { answer } from '../../engine/conditions.ts';
import { yesNoField } from '../../engine/fields/choice.ts';
import { dateField } from '../../engine/fields/date.ts';
import { emailField } from '../../engine/fields/email.ts';
import { phoneField } from '../../engine/fields/phone.ts';
import { textField } from '../../engine/fields/text.ts';
import { otherwise, when, type CustomPageHandler, type Step } from '../../engine/journey.ts';
import { caseStep } from './case-step.ts';
import { documentsStep } from './documents-step.ts';

/** How far back the decision can be: the same limit as for the applicant's letter (an older one cannot be a live case). */
const DECISION_AT_MOST_YEARS_OLD = 3;

/**
 * The agency's response: the case, that the agency made the decision and
 * when, its liaison officer, its documents, then check and send.
 */
export const agencyResponseSteps = (pages: { casePage: CustomPageHandler; documentsPage: CustomPageHandler }): readonly Step[] => [
  caseStep(pages.casePage, 'made-decision'),
  {
    id: 'made-decision',
    kind: 'question',
    section: 'decision',
    fields: [yesNoField('madeDecision')],
    next: [when(answer('madeDecision').is('yes'), 'decision-date'), otherwise('exit-not-our-decision')],
  },
  // A response can only come from the agency that made the decision: anyone else is asked to tell the IRM.
  { id: 'exit-not-our-decision', kind: 'exit' },
  {
    id: 'decision-date',
    kind: 'question',
    section: 'decision',
    fields: [dateField('decisionDate', { notInFuture: true, notMoreThanYearsAgo: DECISION_AT_MOST_YEARS_OLD })],
    next: 'liaison-officer',
  },
  {
    id: 'liaison-officer',
    kind: 'question',
    section: 'liaison',
    fields: [
      textField('liaisonName', { autocomplete: 'name', spellcheck: false, maxLength: 150 }),
      textField('liaisonRole', { autocomplete: 'organization-title', maxLength: 150 }),
      emailField('liaisonEmail', { autocomplete: 'work email' }),
      phoneField('liaisonPhone', { autocomplete: 'work tel' }),
    ],
    next: 'documents',
  },
  documentsStep(pages.documentsPage, 'check-answers'),
  { id: 'check-answers', kind: 'check-answers', notices: ['journey:checkAnswers.whatHappens'] },
];
