import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aboutYou, fosteringEligibility, fosteringOnTime, letterOn, theRest, theInformationAgency } from './answers.ts';
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
    {
      name: 'not an IRM matter',
      steps: [['decision-about', { decisionAbout: 'something-else' }]],
      exit: 'exit-not-irm',
      says: 'Independent Reviewing Officer',
    },
    {
      name: 'agency in Wales',
      steps: [
        ['decision-about', { decisionAbout: 'fostering' }],
        ['agency-country', { agencyCountry: 'wales' }],
      ],
      exit: 'exit-wales',
      says: 'irm@childreninwales.org.uk',
    },
    {
      name: 'agency in Scotland',
      steps: [
        ['decision-about', { decisionAbout: 'adoption' }],
        ['agency-country', { agencyCountry: 'scotland' }],
      ],
      exit: 'exit-outside-england',
      says: 'Scotland and Northern Ireland',
    },
    {
      name: 'no letter yet',
      steps: [...toFosteringDecision.slice(0, 2), ['has-letter', { hasLetter: 'no' }]],
      exit: 'exit-no-letter',
      says: 'Wait until you get the letter',
    },
    {
      name: 'fostering stage one',
      steps: [...toFosteringDecision, ['fostering-decision', { fosteringDecision: 'early-stage' }]],
      exit: 'exit-early-stage',
      says: 'for foster carers, a full (stage two) or brief assessment',
    },
    {
      name: 'temporary approval ended',
      steps: [...toFosteringDecision, ['fostering-decision', { fosteringDecision: 'temporary-approval' }]],
      exit: 'exit-temporary-approval',
      says: 'connected person',
    },
    {
      name: 'carer resigned in writing',
      steps: [...toFosteringDecision, ['fostering-decision', { fosteringDecision: 'terminate' }], ['resigned', { resigned: 'yes' }]],
      exit: 'exit-resigned',
      says: 'gave the agency written notice',
    },
    {
      name: 'agreed the revised terms',
      steps: [...toFosteringDecision, ['fostering-decision', { fosteringDecision: 'revise-terms' }], ['agreed-terms', { agreedTerms: 'yes' }]],
      exit: 'exit-agreed-terms',
      says: 'agreed to the new terms',
    },
    {
      name: 'adoption stage one',
      steps: [
        ['decision-about', { decisionAbout: 'adoption' }],
        ['agency-country', { agencyCountry: 'england' }],
        ['has-letter', { hasLetter: 'yes' }],
        ['adoption-decision', { adoptionDecision: 'stage-one' }],
      ],
      exit: 'exit-early-stage',
      says: 'for adopters, stage two',
    },
    {
      name: 'adoption: the letter says there is no independent review (AAR 2005 reg 30B(5A))',
      steps: [
        ['decision-about', { decisionAbout: 'adoption' }],
        ['agency-country', { agencyCountry: 'england' }],
        ['has-letter', { hasLetter: 'yes' }],
        ['adoption-decision', { adoptionDecision: 'not-suitable' }],
        ['letter-offers-review', { letterOffersReview: 'no' }],
      ],
      exit: 'exit-letter-no-review',
      says: 'regulation 30B(5A)',
    },
    {
      name: 'adoption information about a child (section 62)',
      steps: [
        ['decision-about', { decisionAbout: 'adoption-information' }],
        ['agency-country', { agencyCountry: 'england' }],
        ['has-letter', { hasLetter: 'yes' }],
        ['adoption-info-role', { applicantRole: 'birth-relative' }],
        ['information-about', { informationAbout: 'child' }],
      ],
      exit: 'exit-information-about-child',
      says: 'section 62',
    },
    {
      name: 'adoption before 30 December 2005',
      steps: [
        ['decision-about', { decisionAbout: 'adoption-information' }],
        ['agency-country', { agencyCountry: 'england' }],
        ['has-letter', { hasLetter: 'yes' }],
        ['adoption-info-role', { applicantRole: 'birth-relative' }],
        ['information-about', { informationAbout: 'adult' }],
        ['adoption-info-decision', { adoptionInfoDecision: 'not-disclose' }],
        ['adoption-made', { adoptionMade: 'before-2005' }],
      ],
      exit: 'exit-before-2005',
      says: 'before 30 December 2005',
    },
    {
      name: 'representations already made since the letter',
      steps: [...fosteringEligibility.slice(0, 4), ['representations', { sentRepresentations: 'yes' }]],
      exit: 'exit-representations',
      says: 'You can only do one',
    },
  ];

  it.each(cases)('$name → $exit', async ({ steps, exit, says }) => {
    const person = new Applicant(service.app);
    const last = steps.at(-1);
    if (!last) throw new Error('a case needs at least one step');
    await person.answerAll(steps.slice(0, -1));
    const res = await person.answer(`/apply/${last[0]}`, last[1]);
    expect(res.headers.location).toBe(`/apply/${exit}`);
    const page = await person.get(`/apply/${exit}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(says);
    // No dead end: the page links back to the question that led here.
    expect(backLinkOf(page.text)).toBe(`/apply/${last[0]}`);
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
    [
      { 'letterDate-day': '1', 'letterDate-month': '1', 'letterDate-year': '1900' },
      '#letterDate-day The date on the letter must be within the last 3 years – if your letter is older, contact us',
    ],
    [
      { 'letterDate-day': '21', 'letterDate-month': '11', 'letterDate-year': '2023' },
      '#letterDate-day The date on the letter must be within the last 3 years – if your letter is older, contact us',
    ],
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
    await person.answer('/apply/decision-about', { decisionAbout: 'fostering' });
    await person.get('/apply/agency-country');
    const res = await person.agent.post('/apply/agency-country').type('form').send('agencyCountry=england');
    expect(res.status).toBe(403);
    expect(res.text).not.toMatch(/at .*\.ts/);
    const next = await person.get('/apply/has-letter');
    expect(next.headers.location).toBe('/apply/agency-country');
  });

  it('a first POST without the CSRF token (no session yet) saves nothing and says the page has expired', async () => {
    const person = new Applicant(service.app);
    await person.get('/apply/decision-about');
    const res = await person.agent.post('/apply/decision-about').type('form').send('decisionAbout=fostering');
    expect(res.headers.location).toBe('/session-expired?lang=en');
    expect((await person.get('/apply/agency-country')).headers.location).toBe('/apply/decision-about');
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

describe('what the service says matches the law', () => {
  const toAdoptionInfo: Array<readonly [string, Form]> = [
    ['decision-about', { decisionAbout: 'adoption-information' }],
    ['agency-country', { agencyCountry: 'england' }],
    ['has-letter', { hasLetter: 'yes' }],
  ];

  it('adoption information asks whether the information is about an adult or a child, in plain words', async () => {
    const person = new Applicant(service.app);
    await person.answerAll([...toAdoptionInfo, ['adoption-info-role', { applicantRole: 'adopted-person' }]]);
    const page = await person.get('/apply/information-about');
    expect(h1Of(page.text)).toBe('Is the information about someone who is now an adult, or about a child?');
    expect(page.text).toContain('Think about the person the information is about, not the person who asked for it.');
    const adult = await person.answer('/apply/information-about', { informationAbout: 'adult' });
    expect(adult.headers.location).toBe('/apply/adoption-info-decision');
  });

  it.each([
    [
      'adopted-person',
      ['Not to go ahead with my application for information', 'Not to give me information about someone, even though that person said it could be shared'],
    ],
    [
      'birth-relative',
      ['Not to go ahead with my application for information', 'Not to give me information about someone, even though that person said it could be shared'],
    ],
    [
      'subject-of-information',
      [
        'Not to go ahead with an application someone made for information about me',
        'Not to share information about me with the person who asked for it, even though I said it could be shared',
      ],
    ],
  ])('the decision options read right for %s, on the question and on check-your-answers', async (role, expected) => {
    const person = new Applicant(service.app);
    await person.answerAll([...toAdoptionInfo, ['adoption-info-role', { applicantRole: role }], ['information-about', { informationAbout: 'adult' }]]);
    const page = await person.get('/apply/adoption-info-decision');
    for (const words of [...expected, 'To share information about me, even though I said I did not want it shared']) expect(page.text).toContain(words);
    const other = role === 'subject-of-information' ? 'Not to give me information about someone' : 'information about me with the person who asked for it';
    expect(page.text).not.toContain(other);
    await person.answerAll([
      ['adoption-info-decision', { adoptionInfoDecision: 'not-disclose' }],
      ['adoption-made', { adoptionMade: 'on-or-after-2005' }],
      ['representations', { sentRepresentations: 'no' }],
      ['letter-date', letterOn(20, 11, 2026)],
      ['deadline', {}],
      ...aboutYou,
      ...theInformationAgency,
      ...theRest,
    ]);
    const cya = await person.get('/apply/check-answers');
    expect(cya.status).toBe(200);
    expect(cya.text).toContain(expected[1]);
  });

  it('the representations question is about what was done since the letter, and says what does not count', async () => {
    const person = new Applicant(service.app);
    await person.answerAll(fosteringEligibility.slice(0, 4));
    const page = await person.get('/apply/representations');
    expect(h1Of(page.text)).toBe('Since you got the letter, have you asked the agency to look at its decision again?');
    expect(page.text).toContain('It does not count if you only commented on your assessment report, spoke at the agency’s panel meeting');
    expect(page.text).not.toContain('Have you already sent comments');
  });

  it('ending approval asks about written notice (resigning), not about being asked to stop', async () => {
    const person = new Applicant(service.app);
    await person.answerAll([...fosteringEligibility.slice(0, 3), ['fostering-decision', { fosteringDecision: 'terminate' }]]);
    const page = await person.get('/apply/resigned');
    expect(h1Of(page.text)).toBe('Have you given the agency written notice that you want to stop fostering?');
    expect(page.text).toContain('It does not count if you only told the agency you were thinking about stopping, or if the agency asked you to stop.');
  });

  it('an adopter refused at stage two is asked whether the letter offers a review; "not sure" goes on', async () => {
    const person = new Applicant(service.app);
    await person.answerAll([
      ['decision-about', { decisionAbout: 'adoption' }],
      ['agency-country', { agencyCountry: 'england' }],
      ['has-letter', { hasLetter: 'yes' }],
    ]);
    const notSuitable = await person.answer('/apply/adoption-decision', { adoptionDecision: 'not-suitable' });
    expect(notSuitable.headers.location).toBe('/apply/letter-offers-review');
    const unsure = await person.answer('/apply/letter-offers-review', { letterOffersReview: 'not-sure' });
    expect(unsure.headers.location).toBe('/apply/representations');
    // An approved adopter found no longer suitable is not asked (reg 30B(5A) is about stage two approval).
    const noLonger = await person.answer('/apply/adoption-decision', { adoptionDecision: 'no-longer-suitable' });
    expect(noLonger.headers.location).toBe('/apply/representations');
  });

  it('exit pages say what the law says: Ofsted does not settle complaints; IRM Cymru’s contact and strict time limits; no "full assessment only" for foster carers', async () => {
    const person = new Applicant(service.app);
    await person.answer('/apply/decision-about', { decisionAbout: 'something-else' });
    const notIrm = await person.get('/apply/exit-not-irm');
    expect(notIrm.text).toContain('it does not look into or settle individual complaints');
    expect(notIrm.text).not.toMatch(/contact[^.]*Ofsted \(for independent agencies\)/);

    const wales = new Applicant(service.app);
    await wales.answerAll([
      ['decision-about', { decisionAbout: 'fostering' }],
      ['agency-country', { agencyCountry: 'wales' }],
    ]);
    const walesPage = await wales.get('/apply/exit-wales');
    expect(walesPage.text).toContain('href="mailto:irm@childreninwales.org.uk"');
    expect(walesPage.text).toContain('irm.cymru');
    expect(walesPage.text).toContain('it cannot accept an application after its time limit');

    const stageOne = new Applicant(service.app);
    await stageOne.answerAll([...fosteringEligibility.slice(0, 3), ['fostering-decision', { fosteringDecision: 'early-stage' }]]);
    const early = await stageOne.get('/apply/exit-early-stage');
    expect(early.text).toContain('brief assessment');
    expect(early.text).not.toContain('only look at decisions made after a full assessment');
  });

  it('support needs fit a video meeting (no step-free access), and the upload page asks for a summary of why these documents', async () => {
    const person = new Applicant(service.app);
    const steps = fosteringOnTime.slice(
      0,
      fosteringOnTime.findIndex(([step]) => step === 'evidence'),
    );
    await person.answerAll(steps);
    const evidence = await person.get('/apply/evidence');
    expect(evidence.text).toContain('a summary of about 250 words explaining why you chose these documents, with a list of them');
    await person.answerAll(fosteringOnTime.slice(steps.length, steps.length + 1));
    const support = await person.get('/apply/support-needs');
    expect(support.text).toContain('The panel meeting is held by video call.');
    expect(support.text).not.toContain('step-free');
  });

  it('the start page says what happens after applying and what to have ready for each route', async () => {
    const res = await new Applicant(service.app).get('/');
    expect(res.text).toContain('The agency’s decision maker makes the final decision. We aim to finish within 4 months.');
    expect(res.text).toContain('For a decision about adoption information, you will also need the agency’s full address and phone number.');
  });
});
