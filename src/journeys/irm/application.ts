import { answer } from '../../engine/conditions.ts';
import { addressField } from '../../engine/fields/address.ts';
import { checkboxesField, radiosField, yesNoField } from '../../engine/fields/choice.ts';
import { emailField } from '../../engine/fields/email.ts';
import { phoneField } from '../../engine/fields/phone.ts';
import { textField } from '../../engine/fields/text.ts';
import { textareaField } from '../../engine/fields/textarea.ts';
import { otherwise, when, type CustomPageHandler, type Step } from '../../engine/journey.ts';
import type { AgencyDirectoryPort } from '../ports.ts';
import { directoryAgencyField, directoryInUse, pickedFromDirectory, typesAgencyDetails } from './agency-choice.ts';
import { evidenceStep } from './evidence-step.ts';

import * as vocabulary from './vocabulary.ts';

/** The application itself: who is applying, the agency, the decision, the documents and support needs. */
export const applicationSteps = (evidencePage: CustomPageHandler, agencyDirectory: AgencyDirectoryPort): readonly Step[] => [
  {
    id: 'applicant-name',
    kind: 'question',
    section: 'applicant',
    fields: [textField('fullName', { autocomplete: 'name', spellcheck: false, maxLength: 150 })],
    next: 'applicant-address',
  },
  {
    id: 'applicant-address',
    kind: 'question',
    section: 'applicant',
    fields: [addressField('address')],
    next: 'applicant-contact',
  },
  {
    id: 'applicant-contact',
    kind: 'question',
    section: 'applicant',
    fields: [emailField('email'), phoneField('phone')],
    next: 'joint-applicant',
  },
  {
    id: 'joint-applicant',
    kind: 'question',
    section: 'applicant',
    fields: [yesNoField('hasJointApplicant')],
    next: [when(answer('hasJointApplicant').is('yes'), 'joint-applicant-details'), when(directoryInUse, 'agency-choice'), otherwise('agency-details')],
  },
  {
    id: 'joint-applicant-details',
    kind: 'question',
    section: 'applicant',
    fields: [
      textField('jointName', { autocomplete: 'off', spellcheck: false, maxLength: 150 }),
      emailField('jointEmail', { optional: true, autocomplete: 'off' }),
      phoneField('jointPhone', { optional: true, autocomplete: 'off' }),
    ],
    next: [when(directoryInUse, 'agency-choice'), otherwise('agency-details')],
  },
  {
    // Only when the directory lists agencies (see agency-choice.ts).
    id: 'agency-choice',
    path: 'which-agency',
    kind: 'question',
    section: 'agency',
    fields: [directoryAgencyField(agencyDirectory)],
    next: 'agency-details',
  },
  {
    id: 'agency-details',
    kind: 'question',
    section: 'agency',
    fields: [
      textField('agencyName', { autocomplete: 'organization', maxLength: 200 }),
      radiosField('agencyType', vocabulary.agencyTypes),
      // The applicant's own answer, even for a listed agency: it goes to the caseworker, never to the agency's notification.
      emailField('agencyEmail', { autocomplete: 'off' }),
    ],
    // A listed agency gives its name and type: then only its email address is asked, as a question of its own.
    askIf: { agencyName: typesAgencyDetails, agencyType: typesAgencyDetails },
    wording: (facts) => (pickedFromDirectory.test(facts) ? 'directory' : undefined),
    // Adoption information cases need the agency's full address and phone (official guidance).
    next: [when(answer('decisionAbout').is('adoption-information'), 'agency-address'), otherwise('social-worker')],
  },
  {
    id: 'agency-address',
    kind: 'question',
    section: 'agency',
    fields: [addressField('agencyAddress'), phoneField('agencyPhone', { autocomplete: 'off' })],
    next: 'social-worker',
  },
  {
    id: 'social-worker',
    kind: 'question',
    section: 'agency',
    fields: [
      textField('socialWorkerName', { optional: true, autocomplete: 'off', spellcheck: false, maxLength: 150 }),
      emailField('socialWorkerEmail', { optional: true, autocomplete: 'off' }),
    ],
    next: 'decision-details',
  },
  {
    id: 'decision-details',
    kind: 'question',
    section: 'decision',
    fields: [textareaField('decisionDetails', { maxLength: 2000, rows: 5 })],
    next: 'disagree-reasons',
  },
  {
    id: 'disagree-reasons',
    kind: 'question',
    section: 'decision',
    fields: [textareaField('disagreeReasons', { maxLength: 6000, rows: 10 })],
    next: 'evidence',
  },
  evidenceStep(evidencePage, 'support-needs'),
  {
    id: 'support-needs',
    kind: 'question',
    section: 'support',
    fields: [checkboxesField('supportNeeds', vocabulary.supportNeeds, { exclusive: 'none', hinted: ['adjustments'] })],
    next: [
      when(answer('supportNeeds').includes('interpreter'), 'interpreter-language'),
      when(answer('supportNeeds').includes('adjustments'), 'adjustments'),
      otherwise('contact-preference'),
    ],
  },
  {
    id: 'interpreter-language',
    kind: 'question',
    section: 'support',
    fields: [textField('interpreterLanguage', { maxLength: 100, width: 'govuk-!-width-one-half' })],
    next: [when(answer('supportNeeds').includes('adjustments'), 'adjustments'), otherwise('contact-preference')],
  },
  {
    id: 'adjustments',
    kind: 'question',
    section: 'support',
    fields: [textareaField('adjustmentsDetails', { maxLength: 1000, rows: 5 })],
    next: 'contact-preference',
  },
  {
    id: 'contact-preference',
    kind: 'question',
    section: 'support',
    fields: [radiosField('contactPreference', vocabulary.contactPreferences)],
    next: 'check-answers',
  },
  /*
   * No consent question: the IRM must send the agency a copy of the
   * application (Independent Review of Determinations (Adoption and Fostering)
   * Regulations 2009, reg 18(a)); the lawful basis is public task. The
   * applicant is told so plainly before sending.
   */
  { id: 'check-answers', kind: 'check-answers', notices: ['journey:checkAnswers.agencyCopy'] },
];
