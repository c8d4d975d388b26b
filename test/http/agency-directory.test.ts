import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DirectoryAgencyNotice } from '../../src/agency-directory/notify-on-submitted.ts';
import type { Form } from './harness.ts';
import { Applicant, csrfTokenIn, errorSummaryOf, h1Of, startService, type TestService } from './harness.ts';
import { aboutYou, fosteringEligibility, letterOn, theRest } from './answers.ts';

/** Up to the agency question: eligibility, the time limit and the applicant's details. */
const upToTheAgency: ReadonlyArray<readonly [string, Form]> = [...fosteringEligibility, ['letter-date', letterOn(10, 11, 2026)], ['deadline', {}], ...aboutYou];
const TYPED_EMAIL = 'fostering-team@leeds.example.gov.uk';

const DIRECTORY = [
  { name: 'Adopt North', type: 'regional-adoption-agency', notificationEmail: 'irm@adoptnorth.example.org' },
  { name: 'Leeds City Council', type: 'local-authority', notificationEmail: 'irm-notices@leeds.example.gov.uk' },
  { name: 'Bright Futures Fostering', type: 'independent-fostering-agency', notificationEmail: 'irm@brightfutures.example.org' },
];

/** What the applicant's typed email must never become: where the agency's notification goes. */
const notified: DirectoryAgencyNotice[] = [];
let service: TestService;
beforeAll(async () => {
  service = await startService({
    notifyAgency: async (_tx, notice) => {
      notified.push(notice);
    },
  });
});
afterAll(async () => {
  await service.close();
});
beforeEach(() => {
  notified.length = 0;
});

async function setDirectory(agencies: typeof DIRECTORY): Promise<void> {
  await service.store.agencies.replaceAll(agencies, new Date());
  await service.agencyDirectory.refresh();
}

async function idOf(name: string): Promise<string> {
  const agency = (await service.store.agencies.list()).find((a) => a.name === name);
  if (!agency) throw new Error(`${name} is not in the directory`);
  return agency.id;
}

/** The question itself as a person meets it: the title, the back link and the page from <main> to the end of the form (tokens blanked). */
function questionPart(html: string): string {
  const title = /<title>[^<]*<\/title>/.exec(html)?.[0] ?? '';
  const back = /<a href="[^"]*" class="govuk-back-link">[^<]*<\/a>/.exec(html)?.[0] ?? '';
  const main = html.slice(html.indexOf('<main'), html.indexOf('</form>') + '</form>'.length);
  return `${[title, back, main].join('\n').replace(/name="_csrf" value="[^"]+"/g, 'CSRF')}\n`;
}

async function personAtTheAgency(lang = 'en'): Promise<Applicant> {
  const person = new Applicant(service.app);
  await person.get(`/apply/decision-about?lang=${lang}`);
  await person.answerAll(upToTheAgency);
  return person;
}

async function submit(person: Applicant) {
  const sent = await person.answer('/apply/check-answers');
  expect(sent.headers.location).toBe('/apply/confirmation');
  const reference = /<strong class="app-reference">([^<]+)<\/strong>/.exec((await person.get('/apply/confirmation')).text)?.[1] ?? '';
  const application = await service.store.applications.getByReference(reference);
  if (!application) throw new Error('no application stored');
  return application;
}

describe('with an empty directory', () => {
  beforeAll(async () => {
    await setDirectory([]);
  });

  it('asks the agency question exactly as before the directory existed, in English and Welsh', async () => {
    for (const lang of ['en', 'cy']) {
      const person = await personAtTheAgency(lang);
      expect((await person.get('/apply/joint-applicant')).status).toBe(200);
      const page = await person.get('/apply/agency-details');
      expect(page.status).toBe(200);
      // A file snapshot (vitest -u writes it again after an intended change to the page).
      await expect(questionPart(page.text)).toMatchFileSnapshot(`./fixtures/agency-details.${lang}.html.txt`);
      expect(page.text).not.toContain('autocomplete__');
      expect(page.text).not.toContain('<select');
    }
  });

  it('shows the same errors as before', async () => {
    const person = await personAtTheAgency();
    const page = await person.get('/apply/agency-details');
    const refused = await person.post('/apply/agency-details', { agencyName: '', agencyEmail: 'x' }, csrfTokenIn(page.text));
    expect(refused.status).toBe(422);
    await expect(questionPart(refused.text)).toMatchFileSnapshot('./fixtures/agency-details-errors.en.html.txt');
  });

  it('never offers the picking page', async () => {
    const person = await personAtTheAgency();
    const picked = await person.get('/apply/which-agency');
    expect(picked.status).toBe(303);
    expect(picked.headers.location).toBe('/apply/agency-details');
  });
});

describe('with agencies in the directory', () => {
  beforeAll(async () => {
    await setDirectory(DIRECTORY);
  });

  it('asks the applicant to pick their agency from a labelled select, by name, with "My agency is not listed"', async () => {
    const person = await personAtTheAgency();
    const joint = await person.answer('/apply/joint-applicant', { hasJointApplicant: 'no' });
    expect(joint.headers.location).toBe('/apply/which-agency');
    const page = await person.get('/apply/which-agency');
    expect(page.status).toBe(200);
    expect(h1Of(page.text)).toBe('Which agency made the decision?');
    expect(page.text).toMatch(/<label class="govuk-label govuk-label--l" for="directoryAgency">/);
    expect(page.text).toContain('data-module="app-select-autocomplete"');
    const options = [...page.text.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => m[2]);
    expect(options).toEqual(['Select an agency', 'Adopt North', 'Bright Futures Fostering', 'Leeds City Council', 'My agency is not listed']);
  });

  it('in Welsh too', async () => {
    const person = await personAtTheAgency('cy');
    const page = await person.get('/apply/which-agency');
    expect(h1Of(page.text)).toBe('Pa asiantaeth a wnaeth y penderfyniad?');
    expect(page.text).toContain('Nid yw fy asiantaeth ar y rhestr</option>');
    expect(page.text).toContain('data-no-results="Dim canlyniadau"');
  });

  it('a listed agency gives its name and type: the applicant is asked only for its email, which is recorded as theirs', async () => {
    const person = await personAtTheAgency();
    const leeds = await idOf('Leeds City Council');
    const picked = await person.answer('/apply/which-agency', { directoryAgency: leeds });
    expect(picked.headers.location).toBe('/apply/agency-details');
    const page = await person.get('/apply/agency-details');
    expect(h1Of(page.text)).toBe('What is the agency’s email address?');
    expect(page.text).not.toContain('name="agencyName"');
    expect(page.text).not.toContain('name="agencyType"');
    expect(page.text).toContain('<a href="/apply/which-agency" class="govuk-back-link">');

    await person.answerAll([['agency-details', { agencyEmail: TYPED_EMAIL }], ['social-worker', {}], ...theRest]);
    const cya = await person.get('/apply/check-answers');
    expect(cya.text).toMatch(/Agency\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Leeds City Council/);
    expect(cya.text).toContain(TYPED_EMAIL);
    expect(cya.text).not.toContain('Type of agency');
    expect(cya.text).toContain('We will send a copy of your application and your documents to Leeds City Council, the agency that made the decision.');

    const application = await submit(person);
    expect(application.data).toMatchObject({
      agency: { name: 'Leeds City Council', type: 'local-authority', email: TYPED_EMAIL, source: 'directory', directoryId: leeds },
    });
    // The notification goes to the directory's address only, never to the one the applicant typed.
    expect(notified.map((n) => n.email)).toEqual(['irm-notices@leeds.example.gov.uk']);
    expect(notified[0]).toMatchObject({ name: 'Leeds City Council', source: 'directory' });
    expect(notified[0]?.application.id).toBe(application.id);
  });

  it('"My agency is not listed" asks for the name, type and email as before, and notifies nobody', async () => {
    const person = await personAtTheAgency();
    await person.answer('/apply/which-agency', { directoryAgency: 'not-listed' });
    const page = await person.get('/apply/agency-details');
    expect(h1Of(page.text)).toBe('About the agency that made the decision');
    expect(page.text).toContain('name="agencyName"');
    expect(page.text).toContain('name="agencyType"');
    await person.answerAll([
      ['agency-details', { agencyName: 'Calderdale Council', agencyType: 'local-authority', agencyEmail: 'irm@calderdale.example.gov.uk' }],
      ['social-worker', {}],
      ...theRest,
    ]);
    const cya = await person.get('/apply/check-answers');
    expect(cya.text).toMatch(/Agency\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*My agency is not listed/);
    expect(cya.text).toContain('Calderdale Council');
    const application = await submit(person);
    expect(application.data).toMatchObject({
      agency: { name: 'Calderdale Council', type: 'local-authority', email: 'irm@calderdale.example.gov.uk', source: 'applicant' },
    });
    expect(application.data).not.toHaveProperty('agency.directoryId');
    expect(notified).toEqual([]);
  });

  it.each([
    ['nothing chosen', '', 'Select the agency that made the decision, or select ‘My agency is not listed’'],
    ['a value not in the directory', '3f6c2a8e-1d4b-4c7a-9e2f-5b8d0a1c3e7f', 'Select an agency from the list, or select ‘My agency is not listed’'],
    ['an agency’s name instead of its id', 'Leeds City Council', 'Select an agency from the list, or select ‘My agency is not listed’'],
  ])('refuses %s with a GOV.UK error', async (_, value, message) => {
    const person = await personAtTheAgency();
    const page = await person.get('/apply/which-agency');
    const refused = await person.post('/apply/which-agency', { directoryAgency: value }, csrfTokenIn(page.text));
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('<title>Error: Which agency made the decision?');
    expect(errorSummaryOf(refused.text)).toEqual([`#directoryAgency ${message}`]);
    expect(refused.text).toContain(`<span class="govuk-visually-hidden">Error:</span> ${message}`);
    expect(refused.text).toContain('govuk-select--error');
  });

  it('changing to "not listed" from check your answers asks the name and type, then comes back', async () => {
    const person = await personAtTheAgency();
    await person.answerAll([
      ['which-agency', { directoryAgency: await idOf('Adopt North') }],
      ['agency-details', { agencyEmail: TYPED_EMAIL }],
      ['social-worker', {}],
      ...theRest,
    ]);
    const change = await person.answer('/apply/which-agency?return=/apply/check-answers', { directoryAgency: 'not-listed' });
    expect(change.headers.location).toBe('/apply/check-answers');
    const cya = await person.get('/apply/check-answers');
    expect(cya.headers.location).toBe('/apply/agency-details?return=%2Fapply%2Fcheck-answers');
  });

  it('asks again when the agency picked was removed from the directory before sending', async () => {
    const person = await personAtTheAgency();
    await person.answerAll([
      ['which-agency', { directoryAgency: await idOf('Bright Futures Fostering') }],
      ['agency-details', { agencyEmail: TYPED_EMAIL }],
      ['social-worker', {}],
      ...theRest,
    ]);
    await setDirectory(DIRECTORY.filter((a) => a.name !== 'Bright Futures Fostering'));
    try {
      const cya = await person.get('/apply/check-answers');
      expect(cya.headers.location).toBe('/apply/which-agency?return=%2Fapply%2Fcheck-answers');
    } finally {
      await setDirectory(DIRECTORY);
    }
  });
});
