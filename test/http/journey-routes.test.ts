import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aboutYou, evidenceAnswer, fosteringEligibility, fosteringOnTime, letterOn, theAgency, theRest, theInformationAgency } from './answers.ts';
import { Applicant, h1Of, startService, type Form, type TestService } from './harness.ts';

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(async () => {
  await service.close();
});

async function submit(person: Applicant) {
  const res = await person.answer('/apply/check-answers');
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/apply/confirmation');
  const confirmation = await person.get('/apply/confirmation');
  expect(confirmation.status).toBe(200);
  const reference = /<strong class="app-reference">([^<]+)<\/strong>/.exec(confirmation.text)?.[1];
  expect(reference).toMatch(/^IRM-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  if (reference === undefined) throw new Error('no reference on the confirmation page');
  return { reference, page: confirmation.text };
}

describe('each route from the start to the confirmation', () => {
  it('fostering, on time: shows the last day as the letter date plus 28 days and stores the application', async () => {
    const person = new Applicant(service.app);
    const start = await person.get('/apply');
    expect(start.status).toBe(303);
    expect(start.headers.location).toBe('/apply/decision-about');

    await person.answerAll(fosteringEligibility);
    await person.answer('/apply/letter-date', letterOn(10, 11, 2026));
    const deadline = await person.get('/apply/deadline');
    expect(deadline.text).toContain('You need to apply by 8 December 2026');
    await person.answerAll([['deadline', {}], ...aboutYou, ...theAgency, ...theRest]);

    const cya = await person.get('/apply/check-answers');
    expect(cya.status).toBe(200);
    expect(h1Of(cya.text)).toBe('Check your answers before sending your application');
    expect(cya.text).toContain('Sam Jones');
    expect(cya.text).toContain('LS1 4AP');
    expect(cya.text).toContain('10 November 2026');

    const { reference, page } = await submit(person);
    expect(page).toContain('Application sent');
    const application = await service.store.applications.getByReference(reference);
    expect(application).toMatchObject({ route: 'fostering', late: false });
    expect(application?.data).toMatchObject({
      route: 'fostering',
      eligibility: { fosteringDecision: 'not-approved', sentRepresentations: 'no' },
      timeLimit: { letterDate: '2026-11-10', lastDay: '2026-12-08', late: false, rule: 'calendar-days', days: 28 },
      applicant: { fullName: 'Sam Jones', email: 'sam@example.com', address: { postcode: 'LS1 4AP' } },
      agency: { name: 'Leeds City Council', type: 'local-authority' },
      decision: { whyYouDisagree: 'The assessment left out our experience.\n\nWe have cared for children for 10 years.' },
      support: { needs: ['none'] },
      evidence: [{ role: 'decision-letter', name: 'decision-letter.pdf', type: 'application/pdf', scan: 'not-scanned' }],
    });
    // No consent question and no consent field: the agency always gets a copy (IRM Regulations 2009 reg 18(a)).
    expect(application?.data).not.toHaveProperty('consentToShareWithAgency');
  });

  it('there is no question about sharing with the agency: check-your-answers says plainly that the agency gets a copy', async () => {
    const person = new Applicant(service.app);
    await person.answerAll(fosteringOnTime.slice(0, -1));
    const last = await person.answer('/apply/contact-preference', { contactPreference: 'email' });
    expect(last.headers.location).toBe('/apply/check-answers');
    expect((await person.get('/apply/consent')).status).toBe(404);
    const cya = await person.get('/apply/check-answers');
    expect(cya.text).not.toContain('Can we share your application');
    expect(cya.text).toContain(
      'We will send a copy of your application and your documents to Leeds City Council, the agency that made the decision. The law says we must',
    );
    // The agency's name is the applicant's text: escaped on the way out.
    const other = new Applicant(service.app);
    await other.answerAll(
      fosteringOnTime.map(([step, form]): readonly [string, Form] => [step, step === 'agency-details' ? { ...form, agencyName: '<b>Leeds</b> & Co' } : form]),
    );
    expect((await other.get('/apply/check-answers')).text).toContain('to &lt;b&gt;Leeds&lt;/b&gt; &amp; Co, the agency');
  });

  it('the confirmation says what happens next: the panel only recommends, the meeting is remote, and the timings', async () => {
    const person = new Applicant(service.app);
    await person.answerAll(fosteringOnTime);
    const { page } = await submit(person);
    for (const words of [
      'The meeting is held by video call. You will be invited and can speak to the panel.',
      'You can bring a supporter, but they cannot speak for you.',
      'up to about 3 weeks before the meeting. You cannot bring anything new on the day.',
      'It does not make the final decision: the agency’s decision maker does, and they can decide not to follow the recommendation.',
      'We aim to finish the review within 4 months',
    ]) {
      expect(page).toContain(words);
    }
  });

  it('adoption, on time: 40 working days beginning with the letter date, skipping Christmas and New Year', async () => {
    const person = new Applicant(service.app);
    await person.answerAll([
      ['decision-about', { decisionAbout: 'adoption' }],
      ['agency-country', { agencyCountry: 'england' }],
      ['has-letter', { hasLetter: 'yes' }],
      ['adoption-decision', { adoptionDecision: 'not-suitable' }],
      ['letter-offers-review', { letterOffersReview: 'yes' }],
      ['representations', { sentRepresentations: 'no' }],
      ['letter-date', letterOn(20, 11, 2026)],
    ]);
    const deadline = await person.get('/apply/deadline');
    // Fri 20 Nov 2026 is day 1; 25, 28 Dec and 1 Jan are bank holidays (26 Dec is a Saturday).
    expect(deadline.text).toContain('You need to apply by 19 January 2027');
    expect(deadline.text).toContain('working days');
    await person.answerAll([['deadline', {}], ...aboutYou, ...theAgency, ...theRest]);
    const { reference } = await submit(person);
    const application = await service.store.applications.getByReference(reference);
    expect(application?.data).toMatchObject({ route: 'adoption', timeLimit: { lastDay: '2027-01-19', rule: 'working-days', days: 40, late: false } });
  });

  it('adoption information: section 61 only, counts 40 working days beginning with the date the letter was sent, and asks for the agency address', async () => {
    const person = new Applicant(service.app);
    await person.answerAll([
      ['decision-about', { decisionAbout: 'adoption-information' }],
      ['agency-country', { agencyCountry: 'england' }],
      ['has-letter', { hasLetter: 'yes' }],
      ['adoption-info-role', { applicantRole: 'adopted-person' }],
      ['information-about', { informationAbout: 'adult' }],
      ['adoption-info-decision', { adoptionInfoDecision: 'not-proceed' }],
      ['adoption-made', { adoptionMade: 'on-or-after-2005' }],
      ['representations', { sentRepresentations: 'no' }],
    ]);
    // No question about when the letter arrived: the count starts from the date it was sent.
    const letter = await person.answer('/apply/letter-date', letterOn(20, 11, 2026));
    expect(letter.headers.location).toBe('/apply/deadline');
    const deadline = await person.get('/apply/deadline');
    expect(deadline.text).toContain('You need to apply by 19 January 2027');
    expect(deadline.text).toContain('counting the day the agency sent the letter (the date on it) as day 1');
    expect(deadline.text).toContain('the agency’s name, full address, email address and phone number');
    await person.answerAll([['deadline', {}], ...aboutYou, ...theInformationAgency, ...theRest]);
    const { reference } = await submit(person);
    const application = await service.store.applications.getByReference(reference);
    expect(application?.data).toMatchObject({
      route: 'adoption-information',
      eligibility: { applicantRole: 'adopted-person', informationAbout: 'adult', adoptionInfoDecision: 'not-proceed', adoptionMade: 'on-or-after-2005' },
      timeLimit: { letterDate: '2026-11-20', countedFrom: '2026-11-20', lastDay: '2027-01-19', rule: 'working-days', days: 40 },
      agency: { address: { postcode: 'LS1 5HD' }, phone: '0113 496 0000' },
    });
  });

  it('a late application is not blocked: it says so, asks why, and is flagged late', async () => {
    const person = new Applicant(service.app);
    await person.answerAll([...fosteringEligibility, ['letter-date', letterOn(1, 9, 2026)]]);
    const deadline = await person.get('/apply/deadline');
    expect(deadline.text).toContain('Your application looks late');
    expect(deadline.text).toContain('29 September 2026');
    const next = await person.answer('/apply/deadline');
    expect(next.headers.location).toBe('/apply/late-reason');
    await person.answerAll([['late-reason', { lateReason: 'I was in hospital.' }], ...aboutYou, ...theAgency, ...theRest]);
    const { reference } = await submit(person);
    const application = await service.store.applications.getByReference(reference);
    expect(application?.late).toBe(true);
    expect(application?.data).toMatchObject({ timeLimit: { late: true, lateReason: 'I was in hospital.', lastDay: '2026-09-29' } });
  });

  it('a joint application with support needs carries the second applicant and the support asked for', async () => {
    const person = new Applicant(service.app);
    await person.answerAll([
      ...fosteringEligibility,
      ['letter-date', letterOn(20, 11, 2026)],
      ['deadline', {}],
      ...aboutYou.slice(0, 3),
      ['joint-applicant', { hasJointApplicant: 'yes' }],
      ['joint-applicant-details', { jointName: 'Alex Jones', jointEmail: '', jointPhone: '' }],
      ...theAgency,
      ['decision-details', { decisionDetails: 'Not approved.' }],
      ['disagree-reasons', { disagreeReasons: 'We disagree.' }],
      ['evidence', evidenceAnswer],
      ['support-needs', { supportNeeds: ['interpreter', 'adjustments'] }],
      ['interpreter-language', { interpreterLanguage: 'Polish' }],
      ['adjustments', { adjustmentsDetails: 'Step-free access, please.' }],
      ['contact-preference', { contactPreference: 'phone' }],
    ]);
    const { reference } = await submit(person);
    const application = await service.store.applications.getByReference(reference);
    expect(application?.data).toMatchObject({
      jointApplicant: { fullName: 'Alex Jones' },
      support: { needs: ['interpreter', 'adjustments'], interpreterLanguage: 'Polish', adjustments: 'Step-free access, please.' },
      contactPreference: 'phone',
    });
  });
});

describe('submitting', () => {
  it('submitting the same draft twice shows the same confirmation and stores one application', async () => {
    const person = new Applicant(service.app);
    await person.answerAll(fosteringOnTime);
    const cya = await person.get('/apply/check-answers');
    const token = /name="_csrf" value="([^"]+)"/.exec(cya.text)?.[1] ?? '';
    const [first, second] = await Promise.all([person.post('/apply/check-answers', {}, token), person.post('/apply/check-answers', {}, token)]);
    expect([first.status, second.status]).toEqual([303, 303]);
    const again = await person.post('/apply/check-answers', {}, token);
    expect(again.headers.location).toBe('/apply/confirmation');
    const confirmation = await person.get('/apply/confirmation');
    const reference = /<strong class="app-reference">([^<]+)<\/strong>/.exec(confirmation.text)?.[1] ?? '';
    const rows = await service.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM applications WHERE reference = $1', [reference]);
    expect(rows[0]?.n).toBe(1);
    const drafts = await service.store.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM applications a JOIN applications b ON a.draft_id = b.draft_id WHERE a.reference = $1',
      [reference],
    );
    expect(drafts[0]?.n).toBe(1);
  });

  it('after sending, the questions cannot be changed: every page leads to the confirmation', async () => {
    const person = new Applicant(service.app);
    await person.answerAll(fosteringOnTime);
    await submit(person);
    const res = await person.get('/apply/applicant-name');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/apply/confirmation');
  });

  it('"Start a new application" begins a fresh draft', async () => {
    const person = new Applicant(service.app);
    await person.answerAll(fosteringOnTime);
    await submit(person);
    const confirmation = await person.get('/apply/confirmation');
    const token = /name="_csrf" value="([^"]+)"/.exec(confirmation.text)?.[1] ?? '';
    const res = await person.post('/apply/start-again', {}, token);
    expect(res.headers.location).toBe('/apply');
    const first = await person.get('/apply');
    expect(first.headers.location).toBe('/apply/decision-about');
  });

  it('the confirmation page without a submitted application sends you to the start', async () => {
    const person = new Applicant(service.app);
    const res = await person.get('/apply/confirmation');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/apply');
  });
});
