import { answer } from '../../engine/conditions.ts';
import { radiosField, yesNoField } from '../../engine/fields/choice.ts';
import { otherwise, when, type Step } from '../../engine/journey.ts';

/**
 * Can this person use the IRM? One question a page; every "no" ends on an
 * exit page that says why and where to go instead (DOMAIN.md, "Not eligible").
 */
export const eligibilitySteps: readonly Step[] = [
  {
    id: 'decision-about',
    kind: 'question',
    section: 'eligibility',
    fields: [radiosField('decisionAbout', ['fostering', 'adoption', 'adoption-information', 'something-else'], { hinted: ['fostering', 'adoption', 'adoption-information', 'something-else'], dividerBefore: 'something-else' })],
    next: [when(answer('decisionAbout').is('something-else'), 'exit-not-irm'), otherwise('agency-country')],
  },
  {
    id: 'agency-country',
    kind: 'question',
    section: 'eligibility',
    fields: [radiosField('agencyCountry', ['england', 'wales', 'scotland', 'northern-ireland'])],
    next: [
      when(answer('agencyCountry').is('wales'), 'exit-wales'),
      when(answer('agencyCountry').isOneOf(['scotland', 'northern-ireland']), 'exit-outside-england'),
      otherwise('has-letter'),
    ],
  },
  {
    id: 'has-letter',
    kind: 'question',
    section: 'eligibility',
    fields: [yesNoField('hasLetter')],
    next: [
      when(answer('hasLetter').is('no'), 'exit-no-letter'),
      when(answer('decisionAbout').is('fostering'), 'fostering-decision'),
      when(answer('decisionAbout').is('adoption'), 'adoption-decision'),
      otherwise('adoption-info-role'),
    ],
  },

  // Fostering
  {
    id: 'fostering-decision',
    kind: 'question',
    section: 'eligibility',
    fields: [radiosField('fosteringDecision', ['not-approved', 'terminate', 'revise-terms', 'early-stage', 'temporary-approval'], { hinted: ['not-approved', 'terminate', 'revise-terms', 'early-stage', 'temporary-approval'] })],
    next: [
      when(answer('fosteringDecision').is('early-stage'), 'exit-early-stage'),
      when(answer('fosteringDecision').is('temporary-approval'), 'exit-temporary-approval'),
      when(answer('fosteringDecision').is('terminate'), 'resigned'),
      when(answer('fosteringDecision').is('revise-terms'), 'agreed-terms'),
      otherwise('representations'),
    ],
  },
  {
    id: 'resigned',
    kind: 'question',
    section: 'eligibility',
    fields: [yesNoField('resigned')],
    next: [when(answer('resigned').is('yes'), 'exit-resigned'), otherwise('representations')],
  },
  {
    id: 'agreed-terms',
    kind: 'question',
    section: 'eligibility',
    fields: [yesNoField('agreedTerms')],
    next: [when(answer('agreedTerms').is('yes'), 'exit-agreed-terms'), otherwise('representations')],
  },

  // Adoption
  {
    id: 'adoption-decision',
    kind: 'question',
    section: 'eligibility',
    fields: [radiosField('adoptionDecision', ['not-suitable', 'no-longer-suitable', 'stage-one'], { hinted: ['not-suitable', 'no-longer-suitable', 'stage-one'] })],
    next: [when(answer('adoptionDecision').is('stage-one'), 'exit-early-stage'), otherwise('representations')],
  },

  // Adoption information
  {
    id: 'adoption-info-role',
    kind: 'question',
    section: 'eligibility',
    fields: [radiosField('applicantRole', ['adopted-person', 'birth-relative', 'subject-of-information', 'other'], { hinted: ['subject-of-information'] })],
    next: 'adoption-info-decision',
  },
  {
    id: 'adoption-info-decision',
    kind: 'question',
    section: 'eligibility',
    fields: [radiosField('adoptionInfoDecision', ['not-proceed', 'disclose-against-views', 'not-disclose'])],
    next: 'adoption-made',
  },
  {
    id: 'adoption-made',
    kind: 'question',
    section: 'eligibility',
    // Not sure is allowed through: the caseworker can check, and nobody is turned away on a guess.
    fields: [radiosField('adoptionMade', ['on-or-after-2005', 'before-2005', 'not-sure'])],
    next: [when(answer('adoptionMade').is('before-2005'), 'exit-before-2005'), otherwise('representations')],
  },

  // One route only: representations to the agency or the IRM, not both.
  {
    id: 'representations',
    kind: 'question',
    section: 'eligibility',
    fields: [yesNoField('sentRepresentations')],
    next: [when(answer('sentRepresentations').is('yes'), 'exit-representations'), otherwise('letter-date')],
  },

  { id: 'exit-not-irm', kind: 'exit' },
  { id: 'exit-wales', kind: 'exit' },
  { id: 'exit-outside-england', kind: 'exit' },
  { id: 'exit-no-letter', kind: 'exit' },
  { id: 'exit-early-stage', kind: 'exit' },
  { id: 'exit-temporary-approval', kind: 'exit' },
  { id: 'exit-resigned', kind: 'exit' },
  { id: 'exit-agreed-terms', kind: 'exit' },
  { id: 'exit-before-2005', kind: 'exit' },
  { id: 'exit-representations', kind: 'exit' },
];
