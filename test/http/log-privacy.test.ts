import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { buildService, type Service } from '../../src/service.ts';
import { createLogger } from '../../src/web/logging.ts';
import { fosteringEligibility, letterOn } from './answers.ts';
import { Applicant, FIXED_NOW, type Form } from './harness.ts';

/** Values a person types that must never reach the log, each distinctive enough to find. */
const KNOWN = {
  fullName: 'Zephyrine Quillfeather',
  line1: '77 Marigoldvale Crescent',
  town: 'Thistlebury',
  postcode: 'LS9 8QZ',
  email: 'zephyrine.quill@example.com',
  phone: '07700 900 456',
  agencyName: 'Brambleshire Fostering Partnership',
  agencyEmail: 'panel@brambleshire.example.gov.uk',
  decision: 'Ornithologically unsuitable placement wording',
  reasons: 'Cumulonimbus evidence of our fostering experience',
  fileName: 'Quillfeather-letter-private.pdf',
} as const;

const steps: ReadonlyArray<readonly [string, Form]> = [
  ...fosteringEligibility,
  ['letter-date', letterOn(10, 11, 2026)],
  ['deadline', {}],
  ['applicant-name', { fullName: KNOWN.fullName }],
  ['applicant-address', { 'address-line1': KNOWN.line1, 'address-town': KNOWN.town, 'address-postcode': KNOWN.postcode }],
  ['applicant-contact', { email: KNOWN.email, phone: KNOWN.phone }],
  ['joint-applicant', { hasJointApplicant: 'no' }],
  ['agency-details', { agencyName: KNOWN.agencyName, agencyType: 'local-authority', agencyEmail: KNOWN.agencyEmail }],
  ['social-worker', { socialWorkerName: '', socialWorkerEmail: '' }],
  ['decision-details', { decisionDetails: KNOWN.decision }],
  ['disagree-reasons', { disagreeReasons: KNOWN.reasons }],
];

describe('the log, through a whole application', () => {
  const lines: string[] = [];
  let service: Service;
  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'trace' });
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    service = await buildService(config, {
      logger: createLogger(config, destination),
      now: () => FIXED_NOW,
      inMemoryDatabase: true,
      session: { pruneIntervalMs: 0 },
      evidence: { tempDir: mkdtempSync(path.join(os.tmpdir(), 'irm-test-uploads-')) },
    });
  });
  afterAll(() => service.close());

  it('holds none of the values a person typed, nor the name of their file', async () => {
    const person = new Applicant(service.app);
    await person.answerAll(steps);
    const letter = await person.upload('/apply/evidence', 'decisionLetter', {
      name: KNOWN.fileName,
      content: Buffer.from('%PDF-1.4\n%%EOF\n'),
      type: 'application/pdf',
    });
    expect(letter.status).toBe(303);
    await person.answerAll([
      ['evidence', { action: 'continue' }],
      ['support-needs', { supportNeeds: 'none' }],
      ['contact-preference', { contactPreference: 'email' }],
    ]);
    // A mistake on the way (an error page) and the submission itself.
    await person.answer('/apply/applicant-contact', { email: `not an email ${KNOWN.email}`, phone: KNOWN.phone });
    await person.answerAll([['applicant-contact', { email: KNOWN.email, phone: KNOWN.phone }]]);
    expect((await person.answer('/apply/check-answers')).headers.location).toBe('/apply/confirmation');

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(40);
    for (const [what, value] of Object.entries(KNOWN)) {
      expect(log.includes(value), `${what} is in the log`).toBe(false);
      expect(log.toLowerCase().includes(value.toLowerCase()), `${what} (any case) is in the log`).toBe(false);
    }
  });
});

describe('createLogger', () => {
  it('logs an error without the values it carries (a failed query’s parameters, a row in its detail)', () => {
    const lines: string[] = [];
    const logger = createLogger(
      { logLevel: 'info' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    const cause = Object.assign(new Error('connection lost'), { params: ['cause-secret'] });
    const err = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      params: [KNOWN.fullName, { applicant: { email: KNOWN.email } }],
      detail: `Key (email)=(${KNOWN.email}) already exists.`,
      cause,
    });
    logger.error({ err }, 'could not save');
    const [line] = lines;
    expect(line).toContain('duplicate key value violates unique constraint');
    expect(line).toContain('23505');
    expect(line).not.toContain(KNOWN.fullName);
    expect(line).not.toContain(KNOWN.email);
    expect(line).not.toContain('cause-secret');
  });
});
