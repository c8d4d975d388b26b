import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailOutbox } from '../../src/store/email-outbox.ts';
import { sampleFile } from '../support/sample-files.ts';
import { agencyAnswers, agencyLink, answerAgencyPages, apiGet, openLink, sendResponse, startAgencyService, type AgencyTestService } from './agency.ts';
import { aboutYou, fosteringEligibility, letterOn, theRest } from './answers.ts';
import { Applicant, FIXED_NOW, type Form } from './harness.ts';

/**
 * The agency notified by the second path: the applicant picks their agency
 * from the directory, and on submission the agency is told, automatically,
 * at the directory's address: never at the one the applicant typed.
 */

const DIRECTORY_ADDRESS = 'irm-notices@leeds.example.gov.uk';
const TYPED_ADDRESS = 'fostering-tema@leeds.example.gov.uk';
const upToTheAgency: ReadonlyArray<readonly [string, Form]> = [...fosteringEligibility, ['letter-date', letterOn(10, 11, 2026)], ['deadline', {}], ...aboutYou];

let service: AgencyTestService;
beforeAll(async () => {
  service = await startAgencyService();
  await service.store.agencies.replaceAll(
    [
      { name: 'Leeds City Council', type: 'local-authority', notificationEmail: DIRECTORY_ADDRESS },
      { name: 'Adopt North', type: 'regional-adoption-agency', notificationEmail: 'irm@adoptnorth.example.org' },
    ],
    FIXED_NOW,
  );
  await service.agencyDirectory.refresh();
});
afterAll(() => service.close());

async function apply(agency: ReadonlyArray<readonly [string, Form]>): Promise<string> {
  const person = new Applicant(service.app);
  await person.answerAll([...upToTheAgency, ...agency, ['social-worker', {}], ...theRest]);
  const sent = await person.answer('/apply/check-answers');
  expect(sent.headers.location).toBe('/apply/confirmation');
  const reference = /<strong class="app-reference">([^<]+)<\/strong>/.exec((await person.get('/apply/confirmation')).text)?.[1] ?? '';
  const application = await service.store.applications.getByReference(reference);
  if (!application) throw new Error('no application stored');
  return application.id;
}

const emailsTo = async (address: string) => (await createEmailOutbox(service.store.db).devEmails()).filter((email) => email.emailAddress === address);

describe('an agency picked from the directory', () => {
  let applicationId: string;

  it('is told on submission, at the directory’s address only, never at the one the applicant typed', async () => {
    const leeds = (await service.store.agencies.list()).find((a) => a.name === 'Leeds City Council');
    applicationId = await apply([
      ['which-agency', { directoryAgency: leeds?.id ?? '' }],
      ['agency-details', { agencyEmail: TYPED_ADDRESS }],
    ]);
    const notified = await agencyLink(service, DIRECTORY_ADDRESS);
    expect(notified.email.kind).toBe('agency-notification');
    expect(notified.email.personalisation.body).toContain('10 working days');
    expect(await emailsTo(TYPED_ADDRESS)).toEqual([]);

    // The caseworker system hears whether and where the agency was told, and the applicant's own answer too.
    const api = await apiGet(service, `/api/v1/applications/${applicationId}`);
    expect(api.body).toMatchObject({
      agency: { email: TYPED_ADDRESS, source: 'directory' },
      agencyNotifications: [{ email: DIRECTORY_ADDRESS, source: 'directory' }],
    });
  });

  it('responds through the link in that email, and the caseworker system gets the response', async () => {
    const { path } = await agencyLink(service, DIRECTORY_ADDRESS);
    const agency = new Applicant(service.app);
    expect((await openLink(agency, path)).status).toBe(303);
    await answerAgencyPages(agency, agencyAnswers, async (page, field, name) => (await agency.upload(page, field, sampleFile(name))).status);
    const sent = await sendResponse(agency);
    expect(sent.status).toBe(303);
    expect((await agency.get(sent.headers.location ?? '')).text).toContain('Response sent');

    const api = await apiGet(service, `/api/v1/applications/${applicationId}`);
    expect((api.body as { agencyResponses: unknown[] }).agencyResponses).toHaveLength(1);
    // The link is spent.
    expect((await new Applicant(service.app).get(path)).status).toBe(404);
  });
});

describe('an agency the applicant typed ("My agency is not listed")', () => {
  it('is not emailed at all: the caseworker checks the address and sends it through the API', async () => {
    const before = (await createEmailOutbox(service.store.db).devEmails()).filter((email) => email.kind === 'agency-notification').length;
    const applicationId = await apply([
      ['which-agency', { directoryAgency: 'not-listed' }],
      ['agency-details', { agencyName: 'Somewhere Fostering', agencyType: 'independent-fostering-agency', agencyEmail: 'typed@somewhere.example.org' }],
    ]);
    const after = (await createEmailOutbox(service.store.db).devEmails()).filter((email) => email.kind === 'agency-notification').length;
    expect(after).toBe(before);
    expect(await emailsTo('typed@somewhere.example.org')).toEqual([]);
    const api = await apiGet(service, `/api/v1/applications/${applicationId}`);
    expect(api.body).toMatchObject({ agency: { source: 'applicant' }, agencyNotifications: [] });
  });
});
