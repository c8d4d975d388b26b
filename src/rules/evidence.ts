/**
 * The words for evidence files that every layer shares: the store keeps them,
 * the evidence pipeline sets them, the journey's document and the hand-off
 * event carry them. Declared here, in the lowest layer, once.
 */

/** What an applicant uploads: the decision (qualifying determination) letter, or a supporting document. */
export const APPLICANT_EVIDENCE_ROLES = ['decision-letter', 'supporting'] as const;
/** What an agency uploads with its response: its papers about the decision (one kind; the page's guidance names them). */
export const AGENCY_EVIDENCE_ROLES = ['agency-document'] as const;
export const EVIDENCE_ROLES = [...APPLICANT_EVIDENCE_ROLES, ...AGENCY_EVIDENCE_ROLES] as const;
export type EvidenceRole = (typeof EVIDENCE_ROLES)[number];

/** Files are stored once scanned clean, or unscanned (flagged) when the scanner could not be reached. */
export const SCAN_RESULTS = ['clean', 'not-scanned'] as const;
export type ScanResult = (typeof SCAN_RESULTS)[number];
