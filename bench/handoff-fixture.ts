import { randomBytes } from 'node:crypto';
import type { ApplicationDocument } from '../src/journeys/irm/application-document.ts';
import { sampleDocument } from '../test/support/sample-application.ts';

/** The tests' sample application, with answers and evidence the size of a real one (~3 KB payload). */
export function benchDocument(): ApplicationDocument {
  const sample = sampleDocument();
  return sampleDocument({
    decision: { whatWasDecided: sample.decision.whatWasDecided, whyYouDisagree: 'The assessment left out our experience. '.repeat(40) },
    evidence: sample.evidence.map((file) => ({ ...file, size: 48_213, sha256: randomBytes(32).toString('hex') })),
  });
}
