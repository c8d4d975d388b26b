import { answer } from '../../engine/conditions.ts';
import { radiosField, yesNoField } from '../../engine/fields/choice.ts';
import { otherwise, when, type Step } from '../../engine/journey.ts';
import * as vocabulary from './vocabulary.ts';

/**
 * Can this person use the IRM? One question a page; every "no" ends on an
 * exit page that says why and where to go instead (DOMAIN.md, "Not eligible").
 */
export const eligibilitySteps: readonly Step[] = [
  {
    id: 'decision-about',
    kind: 'question',
    section: 'eligibility',
    fields: [radiosField('decisionAbout', vocabulary.decisionAbout, { hinted: vocabulary.decisionAbout, dividerBefore: 'something-else' })],
    next: [when(answer('decisionAbout').is('something-else'), 'exit-not-irm'), otherwise('agency-country')],
  },
  {
    id: 'agency-country',
    kind: 'question',
    section: 'eligibility',
    fields: [radiosField('agencyCountry', vocabulary.agencyCountries)],
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
    fields: [radiosField('fosteringDecision', vocabulary.fosteringDecisions, { hinted: vocabulary.fosteringDecisions })],
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
    fields: [radiosField('adoptionDecision', vocabulary.adoptionDecisions, { hinted: vocabulary.adoptionDecisions })],
    next: [
      when(answer('adoptionDecision').is('stage-one'), 'exit-early-stage'),
      when(answer('adoptionDecision').is('not-suitable'), 'letter-offers-review'),
      otherwise('representations'),
    ],
  },
  /*
   * Adoption Agencies Regulations 2005 (SI 2005/389) reg 30B(5)(c): within 40
   * working days the prospective adopter may make representations to the
   * agency or "[subject to paragraph (5A),] apply to the Secretary of State for
   * a review by an independent review panel". Reg 30B(5A) begins "Where the
   * adoption agency consider that the prospective adopter is not suitable to
   * adopt because of information obtained under regulation 26(b) …" (reg 26:
   * other pre-assessment, that is stage one, information). So a stage-two
   * decision that rests on that information has no IRM route, and the
   * agency's letter then does not offer one. Read from a stored copy of
   * legislation.gov.uk whose text of (5A) stops there: rather than guess which
   * information 26(b) covers, ask what the letter says. Only a definite "no"
   * ends here; "not sure" goes on, for a caseworker to check.
   */
  {
    id: 'letter-offers-review',
    kind: 'question',
    section: 'eligibility',
    fields: [radiosField('letterOffersReview', vocabulary.letterOffersReview, { hinted: ['no'] })],
    next: [when(answer('letterOffersReview').is('no'), 'exit-letter-no-review'), otherwise('representations')],
  },

  // Adoption information
  {
    id: 'adoption-info-role',
    kind: 'question',
    section: 'eligibility',
    fields: [radiosField('applicantRole', vocabulary.applicantRoles, { hinted: ['subject-of-information'] })],
    next: 'information-about',
  },
  /*
   * Disclosure of Adoption Information (Post-Commencement Adoptions)
   * Regulations 2005 (SI 2005/888) reg 15(1): only determinations "in
   * relation to an application under section 61 of the Act" (information about
   * an adult) are qualifying determinations; section 62 (about a child) has no
   * IRM route.
   */
  {
    id: 'information-about',
    kind: 'question',
    section: 'eligibility',
    fields: [radiosField('informationAbout', vocabulary.informationAbout, { hinted: vocabulary.informationAbout })],
    next: [when(answer('informationAbout').is('child'), 'exit-information-about-child'), otherwise('adoption-info-decision')],
  },
  /*
   * SI 2005/888 reg 15(1): (a) not to proceed with an application from any
   * person for disclosure of protected information; (b) to disclose
   * information against the express views of the person the information is
   * about; (c) not to disclose information about a person to the applicant
   * where that person has expressed the view that it should be disclosed.
   * The person the information is about reads each from their side; whoever
   * asked for the information reads (a) and (c) from theirs.
   */
  {
    id: 'adoption-info-decision',
    kind: 'question',
    section: 'eligibility',
    fields: [radiosField('adoptionInfoDecision', vocabulary.adoptionInfoDecisions)],
    wording: (facts) => (facts.answer('applicantRole') === 'subject-of-information' ? 'aboutMe' : undefined),
    next: 'adoption-made',
  },
  {
    id: 'adoption-made',
    kind: 'question',
    section: 'eligibility',
    // Not sure is allowed through: the caseworker can check, and nobody is turned away on a guess.
    fields: [radiosField('adoptionMade', vocabulary.adoptionMade)],
    next: [when(answer('adoptionMade').is('before-2005'), 'exit-before-2005'), otherwise('representations')],
  },

  // One route only: representations to the agency or the IRM, not both (AAR 2005 reg 30B(5)(c); FSR 2011 regs 27, 28).
  // Only what was sent since the letter counts: comments on the assessment report or at the panel are not representations.
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
  { id: 'exit-letter-no-review', kind: 'exit' },
  { id: 'exit-information-about-child', kind: 'exit' },
  { id: 'exit-representations', kind: 'exit' },
];
