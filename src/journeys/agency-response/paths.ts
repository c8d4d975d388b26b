/** Where the agency's journey and its emailed link live: the emails that carry the link build it from these. */
export const AGENCY_RESPONSE_BASE_PATH = '/agency-response';
export const AGENCY_LINK_PATH = '/respond';
