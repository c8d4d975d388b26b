import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePdf, samplePng } from '../support/sample-files.ts';
import { aboutYou, fosteringEligibility, letterOn, theAgency } from './answers.ts';
import { Applicant, csrfTokenIn, errorSummaryOf, startService, type Form, type TestService } from './harness.ts';

/**
 * The limit on files holds however the form is sent: in parallel (as a
 * script would), or with the hidden `upload` field naming another input.
 * (The upload checks themselves are in evidence.test.ts, with a real clamd.)
 */

const toEvidence: ReadonlyArray<readonly [string, Form]> = [
  ...fosteringEligibility,
  ['letter-date', letterOn(10, 11, 2026)],
  ['deadline', {}],
  ...aboutYou,
  ...theAgency,
  ['decision-details', { decisionDetails: 'Not approved.' }],
  ['disagree-reasons', { disagreeReasons: 'We disagree.' }],
];

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(() => service.close());

async function atEvidence(): Promise<Applicant> {
  const person = new Applicant(service.app);
  await person.answerAll(toEvidence);
  return person;
}

/** A multipart post as a script sends it: any `upload` value, files under any input. */
async function post(person: Applicant, upload: string, files: ReadonlyArray<{ field: string; name: string; content: Buffer }>) {
  const token = csrfTokenIn((await person.get('/apply/evidence')).text);
  let req = person.agent.post('/apply/evidence').field('_csrf', token).field('upload', upload);
  for (const f of files) req = req.attach(f.field, f.content, { filename: f.name, contentType: 'application/octet-stream' });
  return req;
}

async function storedFiles(): Promise<Array<{ role: string; draft_id: string }>> {
  return service.store.db.query<{ role: string; draft_id: string }>('SELECT role, draft_id FROM evidence_files');
}

describe('the limit on files', () => {
  it('holds under eight parallel uploads of nine files each, and keeps a place for the decision letter', async () => {
    const person = await atEvidence();
    const nine = (batch: number) =>
      Array.from({ length: 9 }, (_, i) => ({ field: 'supportingDocuments', name: `b${String(batch)}-${String(i)}.png`, content: samplePng() }));
    // The answers so far made the draft: all eight add to it.
    const results = await Promise.all(Array.from({ length: 8 }, (_, batch) => post(person, 'supportingDocuments', nine(batch))));
    expect(results.map((r) => r.status).filter((s) => s !== 303 && s !== 422)).toEqual([]);

    const [draft] = await service.store.db.query<{ draft_id: string }>('SELECT draft_id FROM evidence_files WHERE name = $1', ['b0-0.png']);
    const mine = (await storedFiles()).filter((f) => f.draft_id === draft?.draft_id);
    expect(mine.length).toBeGreaterThan(0);
    // 10 in all, one of them kept for the letter: at most 9 supporting documents.
    expect(mine.length).toBeLessThanOrEqual(9);
    const letter = await post(person, 'decisionLetter', [{ field: 'decisionLetter', name: 'letter.pdf', content: samplePdf() }]);
    expect(letter.status).toBe(303);
  });

  it('takes the kind of document from the file input, never from the hidden `upload` field: a mismatch is refused', async () => {
    const person = await atEvidence();
    const ten = Array.from({ length: 10 }, (_, i) => ({ field: 'supportingDocuments', name: `s${String(i)}.png`, content: samplePng() }));
    const before = (await storedFiles()).length;
    const res = await post(person, 'decisionLetter', ten);
    expect(res.status).toBe(422);
    expect(errorSummaryOf(res.text)).toHaveLength(1);
    expect((await storedFiles()).length).toBe(before);

    // The letter can still be uploaded, and then supporting documents up to the limit.
    expect((await post(person, 'decisionLetter', [{ field: 'decisionLetter', name: 'letter.pdf', content: samplePdf() }])).status).toBe(303);
    expect((await post(person, 'supportingDocuments', ten.slice(0, 9))).status).toBe(303);
  });

  it('refuses files sent under both inputs at once', async () => {
    const person = await atEvidence();
    const res = await post(person, 'supportingDocuments', [
      { field: 'decisionLetter', name: 'letter.pdf', content: samplePdf() },
      { field: 'supportingDocuments', name: 'other.png', content: samplePng() },
    ]);
    expect(res.status).toBe(422);
  });
});

describe('a text file saved in another encoding', () => {
  it('is refused with what to do, in English and Welsh, rather than “must be a PDF, JPG…”', async () => {
    const person = await atEvidence();
    const latin1 = Buffer.concat([Buffer.from('Caf', 'latin1'), Buffer.from([0xe9]), Buffer.from(' notes\r\n', 'latin1')]);
    const refused = await post(person, 'decisionLetter', [{ field: 'decisionLetter', name: 'letter.txt', content: latin1 }]);
    expect(refused.status).toBe(422);
    expect(errorSummaryOf(refused.text)).toEqual([
      '#decisionLetter The selected file must be saved as UTF-8 text – open it in a text editor and save it as UTF-8, or save it as a PDF',
    ]);
    await person.get('/apply/evidence?lang=cy');
    const welsh = await post(person, 'supportingDocuments', [
      { field: 'supportingDocuments', name: 'a.txt', content: latin1 },
      { field: 'supportingDocuments', name: 'b.pdf', content: samplePdf() },
    ]);
    expect(errorSummaryOf(welsh.text)).toEqual([
      '#supportingDocuments Rhaid i a.txt gael ei chadw fel testun UTF-8 – agorwch hi mewn golygydd testun a’i chadw fel UTF-8, neu ei chadw fel PDF',
    ]);
  });
});
