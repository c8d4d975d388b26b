import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aboutYou, fosteringEligibility, fosteringOnTime, letterOn, theAgency, theRest } from './answers.ts';
import { Applicant, backLinkOf, errorSummaryOf, h1Of, startService, type Form, type TestService } from './harness.ts';

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(async () => {
  await service.close();
});

describe('exit pages: every answer that means "you cannot apply" says why and where to go', () => {
  const toFosteringDecision: Array<readonly [string, Form]> = [
    ['decision-about', { decisionAbout: 'fostering' }],
    ['agency-country', { agencyCountry: 'england' }],
    ['has-letter', { hasLetter: 'yes' }],
  ];
  const cases: Array<{ name: string; steps: Array<readonly [string, Form]>; exit: string; says: string }> = [
    { name: 'not an IRM matter', steps: [['decision-about', { decisionAbout: 'something-else' }]], exit: 'exit-not-irm', says: 'Independent Reviewing Officer' },
    { name: 'agency in Wales', steps: [['decision-about', { decisionAbout: 'fostering' }], ['agency-country', { agencyCountry: 'wales' }]], exit: 'exit-wales', says: 'IRM Cymru' },
    { name: 'agency in Scotland', steps: [['decision-about', { decisionAbout: 'adoption' }], ['agency-country', { agencyCountry: 'scotland' }]], exit: 'exit-outside-england', says: 'Scotland and Northern Ireland' },
    { name: 'no letter yet', steps: [...toFosteringDecision.slice(0, 2), ['has-letter', { hasLetter: 'no' }]], exit: 'exit-no-letter', says: 'Wait until you get the letter' },
    { name: 'fostering stage one', steps: [...toFosteringDecision, ['fostering-decision', { fosteringDecision: 'early-stage' }]], exit: 'exit-early-stage', says: 'complaints or representations' },
    { name: 'temporary approval ended', steps: [...toFosteringDecision, ['fostering-decision', { fosteringDecision: 'temporary-approval' }]], exit: 'exit-temporary-approval', says: 'connected person' },
    { name: 'carer resigned', steps: [...toFosteringDecision, ['fostering-decision', { fosteringDecision: 'terminate' }], ['resigned', { resigned: 'yes' }]], exit: 'exit-resigned', says: 'resigned' },
    { name: 'agreed the revised terms', steps: [...toFosteringDecision, ['fostering-decision', { fosteringDecision: 'revise-terms' }], ['agreed-terms', { agreedTerms: 'yes' }]], exit: 'exit-agreed-terms', says: 'agreed to the new terms' },
    {
      name: 'adoption stage one',
      steps: [['decision-about', { decisionAbout: 'adoption' }], ['agency-country', { agencyCountry: 'england' }], ['has-letter', { hasLetter: 'yes' }], ['adoption-decision', { adoptionDecision: 'stage-one' }]],
      exit: 'exit-early-stage',
      says: 'stage two',
    },
    {
      name: 'adoption before 30 December 2005',
      steps: [
        ['decision-about', { decisionAbout: 'adoption-information' }], ['agency-country', { agencyCountry: 'england' }], ['has-letter', { hasLetter: 'yes' }],
        ['adoption-info-role', { applicantRole: 'birth-relative' }], ['adoption-info-decision', { adoptionInfoDecision: 'not-disclose' }], ['adoption-made', { adoptionMade: 'before-2005' }],
      ],
      exit: 'exit-before-2005',
      says: 'before 30 December 2005',
    },
    { name: 'representations already sent', steps: [...fosteringEligibility.slice(0, 4), ['representations', { sentRepresentations: 'yes' }]], exit: 'exit-representations', says: 'You can only do one' },
    {
      name: 'no consent to share',
      steps: [...fosteringEligibility, ['letter-date', letterOn(20, 11, 2026)], ['deadline', {}], ...aboutYou, ...theAgency, ...theRest.slice(0, -1), ['consent', { consentToShare: 'no' }]],
      exit: 'exit-no-consent',
      says: 'We cannot review the decision without sharing',
    },
  ];

  it.each(cases)('$name → $exit', async ({ steps, exit, says }) => {
    const person = new Applicant(service.app);
    const last = steps.at(-1);
    await person.answerAll(steps.slice(0, -1));
    const res = await person.answer(`/apply/${last?.[0]}`, last?.[1]);
    expect(res.headers.location).toBe(`/apply/${exit}`);
    const page = await person.get(`/apply/${exit}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(says);
    // No dead end: the page links back to the question that led here.
    expect(backLinkOf(page.text)).toBe(`/apply/${last?.[0]}`);
    // ...and check-your-answers is not reachable from an exit.
    const cya = await person.get('/apply/check-answers');
    expect(cya.headers.location).toBe(`/apply/${exit}`);
  });
});

describe('errors', () => {
  it('an empty answer re-renders with 422, the error summary, the inline error and an "Error:" title', async () => {
    const person = new Applicant(service.app);
    const res = await person.answer('/apply/decision-about', {});
    expect(res.status).toBe(422);
    expect(errorSummaryOf(res.text)).toEqual(['#decisionAbout Select what the decision was about']);
    expect(res.text).toContain('govuk-error-message');
    expect(res.text).toMatch(/<title>Error: What was the decision about\?/);
  });

  it('a multi-field page keeps what was typed in every field and flags only the wrong ones', async () => {
    const person = new Applicant(service.app);
    await person.answerAll([...fosteringEligibility, ['letter-date', letterOn(20, 11, 2026)], ['deadline', {}], ...aboutYou.slice(0, 2)]);
    const res = await person.answer('/apply/applicant-contact', { email: 'sam@example', phone: '07700 900 982' });
    expect(res.status).toBe(422);
    expect(errorSummaryOf(res.text)).toEqual(['#email Enter an email address in the correct format, like name@example.com']);
    expect(res.text).toContain('value="sam@example"');
    expect(res.text).toContain('value="07700 900 982"');
  });

  it.each([
    [{ 'letterDate-day': '', 'letterDate-month': '', 'letterDate-year': '' }, '#letterDate-day Enter the date on the letter'],
    [{ 'letterDate-day': '3', 'letterDate-month': '', 'letterDate-year': '2026' }, '#letterDate-month The date on the letter must include a month'],
    [{ 'letterDate-day': '', 'letterDate-month': '3', 'letterDate-year': '' }, '#letterDate-day The date on the letter must include a day and year'],
    [{ 'letterDate-day': '31', 'letterDate-month': '2', 'letterDate-year': '2026' }, '#letterDate-day The date on the letter must be a real date'],
    [{ 'letterDate-day': '3', 'letterDate-month': '13', 'letterDate-year': '2026' }, '#letterDate-month The date on the letter must be a real date'],
    [{ 'letterDate-day': '3', 'letterDate-month': '3', 'letterDate-year': '26' }, '#letterDate-year Year must include 4 numbers'],
    [{ 'letterDate-day': '23', 'letterDate-month': '11', 'letterDate-year': '2026' }, '#letterDate-day The date on the letter must be today or in the past'],
  ])('date errors point at the wrong part: %j', async (form, expected) => {
    const person = new Applicant(service.app);
    await person.answerAll(fosteringEligibility);
    const res = await person.answer('/apply/letter-date', form);
    expect(res.status).toBe(422);
    expect(errorSummaryOf(res.text)).toEqual([expected]);
  });

  it('a letter dated today is accepted and the last day is 28 days later', async () => {
    const person = new Applicant(service.app);
    await person.answerAll([...fosteringEligibility, ['letter-date', letterOn(22, 11, 2026)]]);
    const deadline = await person.get('/apply/deadline');
    expect(deadline.text).toContain('You need to apply by 20 December 2026');
  });

  it('an answer that is not one of the options is asked again, not stored', async () => {
    const person = new Applicant(service.app);
    const res = await person.answer('/apply/decision-about', { decisionAbout: 'complaint<script>' });
    expect(res.status).toBe(422);
    expect(res.text).not.toContain('complaint<script>');
  });

  it('a POST without the CSRF token is refused with a friendly page and nothing is saved', async () => {
    const person = new Applicant(service.app);
    await person.get('/apply/decision-about');
    const res = await person.agent.post('/apply/decision-about').type('form').send('decisionAbout=fostering');
    expect(res.status).toBe(403);
    expect(res.text).not.toMatch(/at .*\.ts/);
    const next = await person.get('/apply/agency-country');
    expect(next.headers.location).toBe('/apply/decision-about');
  });
});

describe('navigation', () => {
  it('you cannot jump ahead: a later page sends you to the first question you have not answered', async () => {
    const person = new Applicant(service.app);
    await person.answerAll(fosteringEligibility.slice(0, 2));
    const res = await person.get('/apply/applicant-name');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/apply/has-letter');
    const post = await person.answer('/apply/has-letter', { hasLetter: 'yes' });
    expect(post.headers.location).toBe('/apply/fostering-decision');
  });

  it('back links follow the path the person took, from the start page onwards', async () => {
    const person = new Applicant(service.app);
    expect(backLinkOf((await person.get('/apply/decision-about')).text)).toBe('/');
    await person.answerAll([...fosteringEligibility.slice(0, 3), ['fostering-decision', { fosteringDecision: 'terminate' }]]);
    expect(backLinkOf((await person.get('/apply/resigned')).text)).toBe('/apply/fostering-decision');
    await person.answer('/apply/resigned', { resigned: 'no' });
    expect(backLinkOf((await person.get('/apply/representations')).text)).toBe('/apply/resigned');
  });

  it('going back and pressing Continue moves to the next page, not to the end', async () => {
    const person = new Applicant(service.app);
    await person.answerAll(fosteringEligibility);
    const res = await person.answer('/apply/agency-country', { agencyCountry: 'england' });
    expect(res.headers.location).toBe('/apply/has-letter');
  });

  it('unknown journey pages get the GOV.UK 404 page', async () => {
    const person = new Applicant(service.app);
    const res = await person.get('/apply/no-such-page');
    expect(res.status).toBe(404);
    expect(h1Of(res.text)).toBe('Page not found');
  });

  it('journey pages are not cached', async () => {
    const person = new Applicant(service.app);
    const res = await person.get('/apply/decision-about');
    expect(res.headers['cache-control']).toContain('no-store');
  });
});

describe('changing answers from check-your-answers', () => {
  async function atCheckAnswers(): Promise<Applicant> {
    const person = new Applicant(service.app);
    await person.answerAll(fosteringOnTime);
    return person;
  }

  it('every answer has one Change link that returns to check-your-answers', async () => {
    const person = await atCheckAnswers();
    const cya = await person.get('/apply/check-answers');
    const links = [...cya.text.matchAll(/<a class="govuk-link" href="([^"]+)">Change/g)].map((m) => m[1]);
    const rows = [...cya.text.matchAll(/govuk-summary-list__row/g)].length;
    expect(links.length).toBe(rows);
    expect(links).toContain('/apply/applicant-name?return=%2Fapply%2Fcheck-answers');
    const res = await person.answer('/apply/applicant-name?return=%2Fapply%2Fcheck-answers', { fullName: 'Sam Smith' });
    expect(res.headers.location).toBe('/apply/check-answers');
    expect((await person.get('/apply/check-answers')).text).toContain('Sam Smith');
  });

  it('only the service’s own return path is followed', async () => {
    const person = await atCheckAnswers();
    for (const target of ['https://evil.example', '//evil.example', '/apply/../admin']) {
      const res = await person.answer(`/apply/applicant-name?return=${encodeURIComponent(target)}`, { fullName: 'Sam Smith' });
      expect(res.headers.location).toBe('/apply/applicant-address');
    }
  });

  it('a change that opens a branch asks the new question, then comes back', async () => {
    const person = await atCheckAnswers();
    const change = await person.answer('/apply/joint-applicant?return=%2Fapply%2Fcheck-answers', { hasJointApplicant: 'yes' });
    expect(change.headers.location).toBe('/apply/check-answers');
    const cya = await person.get('/apply/check-answers');
    expect(cya.headers.location).toBe('/apply/joint-applicant-details?return=%2Fapply%2Fcheck-answers');
    const answered = await person.answer('/apply/joint-applicant-details?return=%2Fapply%2Fcheck-answers', { jointName: 'Alex Jones' });
    expect(answered.headers.location).toBe('/apply/check-answers');
    const page = await person.get('/apply/check-answers');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Alex Jones');
  });

  it('a change that closes a branch hides the stale answers from check-your-answers and from the stored application', async () => {
    const person = await atCheckAnswers();
    await person.answer('/apply/joint-applicant?return=%2Fapply%2Fcheck-answers', { hasJointApplicant: 'yes' });
    await person.answer('/apply/joint-applicant-details?return=%2Fapply%2Fcheck-answers', { jointName: 'Alex Stale' });
    await person.answer('/apply/joint-applicant?return=%2Fapply%2Fcheck-answers', { hasJointApplicant: 'no' });
    const cya = await person.get('/apply/check-answers');
    expect(cya.status).toBe(200);
    expect(cya.text).not.toContain('Alex Stale');
    await person.answer('/apply/check-answers');
    const confirmation = await person.get('/apply/confirmation');
    const reference = /<strong class="app-reference">([^<]+)<\/strong>/.exec(confirmation.text)?.[1] ?? '';
    const application = await service.store.applications.getByReference(reference);
    expect(JSON.stringify(application?.data)).not.toContain('Alex Stale');
    expect(application?.data).not.toHaveProperty('jointApplicant');
  });

  it('changing the route on check-your-answers asks the questions of the new route', async () => {
    const person = await atCheckAnswers();
    await person.answer('/apply/decision-about?return=%2Fapply%2Fcheck-answers', { decisionAbout: 'adoption' });
    const cya = await person.get('/apply/check-answers');
    expect(cya.headers.location).toBe('/apply/adoption-decision?return=%2Fapply%2Fcheck-answers');
    await person.answer('/apply/adoption-decision?return=%2Fapply%2Fcheck-answers', { adoptionDecision: 'no-longer-suitable' });
    // The rest of the answers still apply: check-your-answers shows the new route's answers only.
    const page = await person.get('/apply/check-answers');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('They decided not to approve me as a foster carer');
  });

  it('a change to the letter date that makes the application late asks why', async () => {
    const person = await atCheckAnswers();
    await person.answer('/apply/letter-date?return=%2Fapply%2Fcheck-answers', letterOn(1, 9, 2026));
    const cya = await person.get('/apply/check-answers');
    expect(cya.headers.location).toBe('/apply/late-reason?return=%2Fapply%2Fcheck-answers');
  });
});

describe('Welsh', () => {
  it('every journey page can be switched to Welsh and stays Welsh', async () => {
    const person = new Applicant(service.app);
    const res = await person.get('/apply/decision-about?lang=cy');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="cy"');
    const error = await person.answer('/apply/decision-about', {});
    expect(error.status).toBe(422);
    expect(error.text).toContain('<html lang="cy"');
    expect(error.text).not.toContain('Select what the decision was about');
  });

  it('a whole application can be made in Welsh, and dates show in Welsh', async () => {
    const person = new Applicant(service.app);
    await person.get('/?lang=cy');
    await person.answerAll(fosteringOnTime);
    const cya = await person.get('/apply/check-answers');
    expect(cya.text).toContain('10 Tachwedd 2026');
    const res = await person.answer('/apply/check-answers');
    expect(res.headers.location).toBe('/apply/confirmation');
  });
});
