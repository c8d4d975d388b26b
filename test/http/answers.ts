import type { Form } from './harness.ts';

/** Answers a person gives, step by step, for each route (the clock is fixed at 22 November 2026). */
type Steps = ReadonlyArray<readonly [string, Form]>;

export const fosteringEligibility: Steps = [
  ['decision-about', { decisionAbout: 'fostering' }],
  ['agency-country', { agencyCountry: 'england' }],
  ['has-letter', { hasLetter: 'yes' }],
  ['fostering-decision', { fosteringDecision: 'not-approved' }],
  ['representations', { sentRepresentations: 'no' }],
];

export const letterOn = (day: number, month: number, year: number): Form => ({
  'letterDate-day': String(day),
  'letterDate-month': String(month),
  'letterDate-year': String(year),
});

export const aboutYou: Steps = [
  ['applicant-name', { fullName: 'Sam  Jones ' }],
  ['applicant-address', { 'address-line1': '1 High Street', 'address-town': 'Leeds', 'address-postcode': 'ls1 4ap' }],
  ['applicant-contact', { email: 'sam@example.com', phone: '07700 900 982' }],
  ['joint-applicant', { hasJointApplicant: 'no' }],
];

export const theAgency: Steps = [
  ['agency-details', { agencyName: 'Leeds City Council', agencyType: 'local-authority', agencyEmail: 'fostering@leeds.example.gov.uk' }],
  ['social-worker', { socialWorkerName: '', socialWorkerEmail: '' }],
];

/** The agency, for an adoption information case: its full address and phone too (official guidance). */
export const theInformationAgency: Steps = [
  ['agency-details', { agencyName: 'Adopt North', agencyType: 'regional-adoption-agency', agencyEmail: 'info@adoptnorth.example.org' }],
  ['agency-address', { 'agencyAddress-line1': '2 Park Row', 'agencyAddress-town': 'Leeds', 'agencyAddress-postcode': 'LS1 5HD', agencyPhone: '0113 496 0000' }],
  ['social-worker', {}],
];

/** The evidence page: upload a small PDF as the decision letter, then Continue. */
export const evidenceAnswer: Form = { 'upload:decisionLetter': 'decision-letter.pdf', action: 'continue' };

export const theRest: Steps = [
  ['decision-details', { decisionDetails: 'The panel said we were not suitable.' }],
  ['disagree-reasons', { disagreeReasons: 'The assessment left out our experience.\r\n\r\nWe have cared for children for 10 years.' }],
  ['evidence', evidenceAnswer],
  ['support-needs', { supportNeeds: 'none' }],
  ['contact-preference', { contactPreference: 'email' }],
];

/** A whole on-time fostering application, up to check-your-answers. */
export const fosteringOnTime: Steps = [
  ...fosteringEligibility,
  ['letter-date', letterOn(10, 11, 2026)],
  ['deadline', {}],
  ...aboutYou,
  ...theAgency,
  ...theRest,
];

/** A whole on-time adoption (suitability) application, up to check-your-answers. */
export const adoptionOnTime: Steps = [
  ['decision-about', { decisionAbout: 'adoption' }],
  ['agency-country', { agencyCountry: 'england' }],
  ['has-letter', { hasLetter: 'yes' }],
  ['adoption-decision', { adoptionDecision: 'not-suitable' }],
  ['letter-offers-review', { letterOffersReview: 'yes' }],
  ['representations', { sentRepresentations: 'no' }],
  ['letter-date', letterOn(20, 11, 2026)],
  ['deadline', {}],
  ...aboutYou,
  ...theAgency,
  ...theRest,
];

/** A whole on-time adoption information application (an adopted person), up to check-your-answers. */
export const adoptionInformationOnTime: Steps = [
  ['decision-about', { decisionAbout: 'adoption-information' }],
  ['agency-country', { agencyCountry: 'england' }],
  ['has-letter', { hasLetter: 'yes' }],
  ['adoption-info-role', { applicantRole: 'adopted-person' }],
  ['information-about', { informationAbout: 'adult' }],
  ['adoption-info-decision', { adoptionInfoDecision: 'not-proceed' }],
  ['adoption-made', { adoptionMade: 'on-or-after-2005' }],
  ['representations', { sentRepresentations: 'no' }],
  ['letter-date', letterOn(20, 11, 2026)],
  ['deadline', {}],
  ...aboutYou,
  ...theInformationAgency,
  ...theRest,
];
