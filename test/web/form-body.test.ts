import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fosteringEligibility, letterOn } from '../http/answers.ts';
import { fieldsOfFormStart } from '../../src/web/form-body.ts';
import { Applicant, csrfTokenIn, errorSummaryOf, h1Of, startService, type TestService } from '../http/harness.ts';

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(async () => {
  await service.close();
});

/** Someone on the apply journey up to the page that asks why they disagree, with the agency's page answered. */
async function upToWhyYouDisagree(fullName: string, lang?: 'cy'): Promise<Applicant> {
  const person = new Applicant(service.app);
  if (lang) await person.get(`/apply?lang=${lang}`);
  await person.answerAll([
    ...fosteringEligibility,
    ['letter-date', letterOn(10, 11, 2026)],
    ['deadline', {}],
    ['applicant-name', { fullName }],
    ['applicant-address', { 'address-line1': '1 High Street', 'address-town': 'Leeds', 'address-postcode': 'LS1 4AP' }],
    ['applicant-contact', { email: 'sam@example.com', phone: '07700 900 982' }],
    ['joint-applicant', { hasJointApplicant: 'no' }],
    ['agency-details', { agencyName: 'Leeds City Council', agencyType: 'local-authority', agencyEmail: 'fostering@leeds.example.gov.uk' }],
    ['social-worker', {}],
    ['decision-details', { decisionDetails: 'The panel said we were not suitable.' }],
    ['disagree-reasons', { disagreeReasons: 'What I said first.' }],
  ]);
  return person;
}

/** One step's saved answers in the draft of the person with this name. */
async function savedAnswers(fullName: string, stepId: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await service.store.db.query<{ id: string }>(`SELECT id FROM drafts WHERE answers -> 'applicant-name' ->> 'fullName' = $1`, [fullName]);
  return (await service.store.drafts.get(row?.id ?? ''))?.answers[stepId];
}

/** A form as the browser sends it: the CSRF token first, then the fields in the page's order. */
async function postHuge(person: Applicant, path: string, fields: Array<[string, string]>) {
  const page = await person.get(path);
  const body = new URLSearchParams([['_csrf', csrfTokenIn(page.text)], ...fields]);
  return person.agent.post(path).type('form').send(body.toString());
}

describe('a form too big to read (issue 10, defect 8)', () => {
  // Far past what any page of the service can need: 6,000 four-byte characters are 72 KB percent-encoded.
  const huge = `${'Because '.repeat(2000)}${'🙂'.repeat(20_000)}`;

  it('gets the same question back, saying in plain words what is too long, and keeps what was saved', async () => {
    const person = await upToWhyYouDisagree('Ann One');
    const res = await postHuge(person, '/apply/disagree-reasons', [['disagreeReasons', huge]]);

    expect(res.status).toBe(413);
    expect(h1Of(res.text)).toBe('Why do you disagree with the decision?');
    expect(errorSummaryOf(res.text)).toEqual(['#disagreeReasons Why you disagree must be 6000 characters or fewer']);
    // What they typed, as far as it was read, is on the page to shorten, and it is still a form they can send.
    expect(res.text).toMatch(/<textarea[^>]*name="disagreeReasons"[^>]*>Because Because /);
    expect(res.text).toContain('name="_csrf"');
    // Nothing of the page was saved: the earlier answer stands.
    expect(await savedAnswers('Ann One', 'disagree-reasons')).toEqual({ disagreeReasons: 'What I said first.' });
  });

  it('keeps the answers on the page that came before the long one', async () => {
    const person = await upToWhyYouDisagree('Bea Two');
    const res = await postHuge(person, '/apply/agency-details', [
      ['agencyName', 'Kirklees Council'],
      ['agencyType', 'local-authority'],
      ['agencyEmail', huge],
    ]);

    expect(res.status).toBe(413);
    expect(errorSummaryOf(res.text)).toEqual(['#agencyEmail Agency’s email address must be 254 characters or fewer']);
    expect(res.text).toMatch(/<input[^>]*name="agencyName"[^>]*value="Kirklees Council"/);
    expect(res.text).toMatch(/<input[^>]*value="local-authority"[^>]*checked/);
    expect(await savedAnswers('Bea Two', 'agency-details')).toMatchObject({ agencyName: 'Leeds City Council' });
  });

  it('says so in Welsh for a Welsh visitor', async () => {
    const person = await upToWhyYouDisagree('Cai Tri', 'cy');
    const res = await postHuge(person, '/apply/disagree-reasons', [['disagreeReasons', huge]]);

    expect(res.status).toBe(413);
    expect(res.text).toContain('<html lang="cy"');
    expect(errorSummaryOf(res.text)).toEqual([expect.stringMatching(/^#disagreeReasons Rhaid .* fod yn 6000 nod neu lai$/)]);
  });

  it('is not saved by "Save and come back later" either', async () => {
    const person = await upToWhyYouDisagree('Dee Four');
    const res = await postHuge(person, '/apply/disagree-reasons', [
      ['disagreeReasons', huge],
      ['_saveForLater', ''],
    ]);

    expect(res.status).toBe(413);
    expect(await savedAnswers('Dee Four', 'disagree-reasons')).toEqual({ disagreeReasons: 'What I said first.' });
  });

  it('says the page’s answers are too long when no field of its own is', async () => {
    const person = await upToWhyYouDisagree('Gil Seven');
    const res = await postHuge(person, '/apply/disagree-reasons', [
      ['disagreeReasons', 'Short and fine.'],
      ['padding', huge],
    ]);

    expect(res.status).toBe(413);
    expect(errorSummaryOf(res.text)).toEqual(['#disagreeReasons Your answers on this page are too long to send. Make them shorter and try again.']);
    expect(res.text).toMatch(/<textarea[^>]*name="disagreeReasons"[^>]*>Short and fine.</);
    expect(await savedAnswers('Gil Seven', 'disagree-reasons')).toEqual({ disagreeReasons: 'What I said first.' });
  });

  it('reads the longest answer a page takes, even in four-byte characters', async () => {
    const person = await upToWhyYouDisagree('Fay Six');
    const longest = '🙂'.repeat(6000);
    const res = await postHuge(person, '/apply/disagree-reasons', [['disagreeReasons', longest]]);

    expect(res.status).toBe(303);
    expect(await savedAnswers('Fay Six', 'disagree-reasons')).toEqual({ disagreeReasons: longest });
  });

  it('still refuses a big form without its CSRF token, as any form', async () => {
    const person = await upToWhyYouDisagree('Eve Five');
    const body = new URLSearchParams([
      ['_csrf', 'not-the-token'],
      ['disagreeReasons', huge],
    ]);
    const res = await person.agent.post('/apply/disagree-reasons').type('form').send(body.toString());

    expect(res.status).toBe(403);
    expect(await savedAnswers('Eve Five', 'disagree-reasons')).toEqual({ disagreeReasons: 'What I said first.' });
  });
});

describe('the fields of the start of a form cut by the limit', () => {
  it.each([
    { start: 'a=1&b=two+words&c=%F0%9F%99%82%F0%9F', fields: { a: '1', b: 'two words', c: '🙂' }, why: 'a four-byte character cut in its escapes' },
    { start: 'a=1&b=%E2%8', fields: { a: '1', b: '' }, why: 'an escape cut short' },
    { start: 'a=1&a=2&b=x', fields: { a: ['1', '2'], b: 'x' }, why: 'a field sent twice' },
    { start: 'a=1&bb', fields: { a: '1' }, why: 'cut in a name' },
    { start: 'text=café', fields: { text: 'café' }, why: 'UTF-8 sent as it is' },
    { start: '', fields: {}, why: 'nothing' },
  ])('$why', ({ start, fields }) => {
    expect(fieldsOfFormStart(Buffer.from(start, 'utf8'))).toEqual(fields);
  });
});
