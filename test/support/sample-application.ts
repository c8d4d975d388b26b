import { applicationDocumentSchema, type ApplicationDocument } from '../../src/journeys/irm/application-document.ts';

/** A finished fostering application, as the journey would have built it (checked by the journey's own schema). */
export function sampleDocument(overrides: Partial<ApplicationDocument> = {}): ApplicationDocument {
  return applicationDocumentSchema.parse({
    schemaVersion: 1,
    journey: { id: 'irm', version: '1' },
    route: 'fostering',
    eligibility: {
      decisionAbout: 'fostering',
      agencyCountry: 'england',
      hasLetter: 'yes',
      fosteringDecision: 'not-approved',
      sentRepresentations: 'no',
    },
    timeLimit: {
      letterDate: '2026-11-10',
      countedFrom: '2026-11-10',
      rule: 'calendar-days',
      days: 28,
      lastDay: '2026-12-08',
      late: false,
      checkedOn: '2026-11-22',
    },
    applicant: {
      fullName: 'Sam Jones',
      address: { line1: '1 High Street', line2: '', town: 'Leeds', county: '', postcode: 'LS1 4AP' },
      email: 'sam@example.com',
      phone: '07700 900982',
    },
    agency: { name: 'Leeds City Council', type: 'local-authority', email: 'fostering@leeds.example.gov.uk' },
    decision: { whatWasDecided: 'The panel said we were not suitable.', whyYouDisagree: 'The assessment left out our experience.' },
    evidence: [
      {
        id: '3f6c2a8e-1d4b-4c7a-9e2f-5b8d0a1c3e7f',
        role: 'decision-letter',
        name: 'decision letter.pdf',
        type: 'application/pdf',
        size: 5,
        sha256: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae',
        scan: 'clean',
      },
    ],
    support: { needs: ['none'] },
    contactPreference: 'email',
    consentToShareWithAgency: true,
    declaration: { accepted: true, language: 'en' },
    ...overrides,
  });
}
