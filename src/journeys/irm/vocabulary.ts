import { routes } from '../../rules/deadlines.ts';

/**
 * Every answer a question of this journey offers, declared once: the question
 * shows these options, and the submitted document's schema (and so the
 * published JSON Schema) is built from the same lists, less the answers that
 * end on an exit page. A new option cannot reach one and miss the other.
 */
export const decisionAbout = [...routes, 'something-else'] as const;
export const agencyCountries = ['england', 'wales', 'scotland', 'northern-ireland'] as const;
export const fosteringDecisions = ['not-approved', 'terminate', 'revise-terms', 'early-stage', 'temporary-approval'] as const;
export const adoptionDecisions = ['not-suitable', 'no-longer-suitable', 'stage-one'] as const;
export const letterOffersReview = ['yes', 'no', 'not-sure'] as const;
export const applicantRoles = ['adopted-person', 'birth-relative', 'subject-of-information', 'other'] as const;
export const informationAbout = ['adult', 'child'] as const;
export const adoptionInfoDecisions = ['not-proceed', 'disclose-against-views', 'not-disclose'] as const;
export const adoptionMade = ['on-or-after-2005', 'before-2005', 'not-sure'] as const;
export const agencyTypes = ['local-authority', 'independent-fostering-agency', 'voluntary-adoption-agency', 'regional-adoption-agency'] as const;
export const supportNeeds = ['interpreter', 'bsl', 'adjustments', 'none'] as const;
export const contactPreferences = ['email', 'phone', 'post'] as const;
