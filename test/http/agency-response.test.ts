import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventPayloads } from '../../src/handoff/event-payloads.ts';
import { agencyResponseEvidence, evidenceCatalogue } from '../../src/handoff/stored-evidence.ts';
import { runOps } from '../../src/handoff/ops.ts';
import type { Route } from '../../src/rules/deadlines.ts';
import { createOutbox } from '../../src/store/outbox.ts';
import { createEmailOutbox } from '../../src/store/email-outbox.ts';
import { ScanFailedError } from '../../src/evidence/clamd.ts';
import { sampleFile, samplePng } from '../support/sample-files.ts';
import {
  agencyAnswers,
  agencyLink,
  answerAgencyPages,
  apiGet,
  LIAISON,
  linkFormTokenIn,
  mailboxEmail,
  mainOf,
  notifyByApi,
  openLink,
  PUBLIC_BASE_URL,
  sendResponse,
  startAgencyService,
  submittedApplication,
  validateAgencyEvent,
  validateApplicationEvent,
  type AgencyTestService,
} from './agency.ts';
import { Applicant, backLinkOf, csrfTokenIn, errorSummaryOf, FIXED_NOW, h1Of } from './harness.ts';

/**
 * An agency, told about an application through the consumer API, responds
 * through the link in its email: the start page that changes nothing, Start,
 * the journey, its documents, check and send; then the webhook event, the
 * liaison officer's email, the consumer API, and a link that opens nothing
 * any more. And every link that opens nothing looks the same.
 */

let now = FIXED_NOW;
let service: AgencyTestService;
beforeAll(async () => {
  service = await startAgencyService({ now: () => now });
});
afterAll(async () => {
  await service.close();
});

const count = async (table: string): Promise<number> => {
  const [row] = await service.store.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return row?.n ?? -1;
};

/** The cookies a response sets, as one string (supertest types the header as a string; it is a list). */
const cookiesOf = (res: { headers: Record<string, unknown> }): string => JSON.stringify(res.headers['set-cookie'] ?? []);

const upload = (agency: Applicant) => async (path: string, field: string, name: string) => (await agency.upload(path, field, sampleFile(name))).status;

const GUIDANCE: Record<Route, readonly string[]> = {
  fostering: ['went to the fostering panel', 'Form F', 'and everything sent with it'],
  adoption: ['prospective adopter’s report, brief report or review report', 'anything else the agency decision maker considered'],
  'adoption-information': ['the documents the agency decision maker considered when making the decision'],
};

const ROUTE_LABELS: Record<Route, string> = {
  fostering: 'Fostering',
  adoption: 'Adoption',
  'adoption-information': 'Adoption information (disclosing information about an adoption)',
};

describe.each(['fostering', 'adoption', 'adoption-information'] as const)('an agency responding to a %s application', (route) => {
  const address = `${route}@agency.example.org`;
  let applicationId: string;
  let reference: string;
  let notificationId: string;
  let link: { path: string; token: string };
  const agency = () => new Applicant(service.app);
  let person: Applicant;

  beforeAll(async () => {
    now = FIXED_NOW;
    const application = await submittedApplication(service.store, route);
    applicationId = application.id;
    reference = application.reference;
    const notified = await notifyByApi(service, applicationId, { email: address, name: 'Fostering and adoption team' });
    expect(notified.status).toBe(202);
    notificationId = (notified.body as { id: string }).id;
    link = await agencyLink(service, address);
    person = agency();
  });

  it('gets an email with the case, the due date and its link, at the address the caseworker checked', async () => {
    const { email } = await agencyLink(service, address);
    expect(email).toMatchObject({ kind: 'agency-notification', emailAddress: address, language: 'en' });
    expect(email.personalisation.subject).toBe(`Independent review application ${reference}: please respond by 4 December 2026`);
    const body = email.personalisation.body ?? '';
    expect(body).toContain(`* Reference number: ${reference}`);
    expect(body).toContain('* Date on the decision letter, as the applicant gave it: 10 November 2026');
    expect(body).toContain('* Applicant: Sam Jones');
    expect(body).toContain('Within 10 working days, by 4 December 2026, your agency needs to:');
    expect(body).toContain(`Respond online: ${PUBLIC_BASE_URL}${link.path}`);
    expect(body).toContain('Do not send the minutes of your panel’s meeting. Only send medical information if we ask for it.');
    // Nothing else the applicant told us: not their address, contact details or reasons.
    expect(body).not.toMatch(/High Street|sam@example\.com|07700|left out our experience/);
  });

  it('opens a start page, twice, without changing anything: no session, no draft, the link as it was', async () => {
    const linkRow = async () => service.store.db.query('SELECT * FROM link_tokens WHERE subject_id = $1', [notificationId]);
    const before = { sessions: await count('sessions'), drafts: await count('drafts'), link: await linkRow() };
    for (const visit of [1, 2]) {
      const page = await person.get(link.path);
      expect(page.status, `visit ${visit}`).toBe(200);
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(cookiesOf(page)).not.toContain('irm.sid');
      expect(h1Of(page.text)).toBe('Respond to an application for an independent review');
      expect(page.text).toContain(`The application’s reference number is ${reference}.`);
      expect(page.text).toContain('Your agency needs to respond by 4 December 2026.');
    }
    expect({ sessions: await count('sessions'), drafts: await count('drafts'), link: await linkRow() }).toEqual(before);
    expect((await service.store.agencyNotifications.get(notificationId))?.draftId).toBeNull();
  });

  it('refuses Start from a browser that was not shown the page', async () => {
    const page = await person.get(link.path);
    const stranger = agency();
    const res = await stranger.agent
      .post(link.path)
      .type('form')
      .send({ _link: linkFormTokenIn(page.text) });
    expect(res.status).toBe(403);
    expect((await service.store.agencyNotifications.get(notificationId))?.draftId).toBeNull();
  });

  it('starts the journey in a new session when Start is pressed, on a page about the application with no way back to the link', async () => {
    const started = await openLink(person, link.path);
    expect(started.status).toBe(303);
    expect(started.headers.location).toBe('/agency-response');
    expect(cookiesOf(started)).toContain('irm.sid');
    expect((await person.get('/agency-response')).headers.location).toBe('/agency-response/the-application');
    const first = await person.get('/agency-response/the-application');
    expect(first.status).toBe(200);
    expect(backLinkOf(first.text)).toBeUndefined();
    for (const text of [reference, ROUTE_LABELS[route], '10 November 2026', 'Sam Jones', 'By 4 December 2026, your agency needs to:'])
      expect(first.text).toContain(text);
  });

  it('asks whether the agency made the decision, and when, with GOV.UK errors', async () => {
    await answerAgencyPages(person, agencyAnswers.slice(0, 1), upload(person));
    const empty = await person.answer('/agency-response/made-decision', {});
    expect(empty.status).toBe(422);
    expect(errorSummaryOf(empty.text)).toEqual(['#madeDecision Select yes if your agency made this decision']);
    await answerAgencyPages(person, agencyAnswers.slice(1, 2), upload(person));
    const future = await person.answer('/agency-response/decision-date', { 'decisionDate-day': '1', 'decisionDate-month': '1', 'decisionDate-year': '2027' });
    expect(errorSummaryOf(future.text)).toEqual(['#decisionDate-day The date of the decision must be today or in the past']);
    await answerAgencyPages(person, agencyAnswers.slice(2, 4), upload(person));
  });

  it('shows what to send for the route, that panel minutes must not be sent, and medical information only if asked', async () => {
    const page = await person.get('/agency-response/documents');
    expect(page.status).toBe(200);
    for (const text of GUIDANCE[route]) expect(page.text).toContain(text);
    expect(page.text).toContain('Do not send the minutes of your panel’s meeting.');
    expect(page.text).toContain('Only send medical information if we ask for it.');
    const none = await person.answer('/agency-response/documents', { action: 'continue' });
    expect(none.status).toBe(422);
    expect(errorSummaryOf(none.text)).toEqual(['#agencyDocuments Upload at least one document']);
    await answerAgencyPages(person, agencyAnswers.slice(4), upload(person));
  });

  it('checks the answers, sends the response, and confirms it without offering to start again', async () => {
    const check = await person.get('/agency-response/check-answers');
    expect(check.status).toBe(200);
    for (const text of ['Check your answers before sending your response', 'Pat Lee', 'pat.lee@agency.example.org', '10 November 2026', 'panel-report.pdf'])
      expect(check.text).toContain(text);
    const token = csrfTokenIn(check.text);
    const sent = await sendResponse(person, token);
    expect(sent.headers.location).toBe('/agency-response/confirmation');
    // Pressing it again (the back button, a double click) sends nothing more.
    expect((await sendResponse(person, token)).headers.location).toBe('/agency-response/confirmation');
    expect(await service.store.agencyResponses.listForApplication(applicationId)).toHaveLength(1);
    const confirmation = await person.get('/agency-response/confirmation');
    expect(confirmation.status).toBe(200);
    expect(confirmation.text).toContain('Response sent');
    expect(confirmation.text).toContain(reference);
    // No "Start again": a fresh draft would belong to no link.
    expect(confirmation.text).not.toContain('start-again');
    expect(confirmation.text).not.toContain('Start a new');
  });

  it('sends the caseworker system an agency_response.submitted event matching its published schema', async () => {
    const outbox = createOutbox(service.store.db);
    const [event] = (await outbox.find(applicationId)).filter((e) => e.type === 'agency_response.submitted');
    expect(event?.agencyResponseId).toBeDefined();
    const payloads = createEventPayloads({
      applications: service.store.applications,
      evidence: evidenceCatalogue({ applications: service.store.applications, files: service.evidence.files }),
      publicBaseUrl: PUBLIC_BASE_URL,
      agency: {
        notifications: service.store.agencyNotifications,
        responses: service.store.agencyResponses,
        evidence: agencyResponseEvidence({ files: service.evidence.files }),
      },
    });
    const body = JSON.parse(await payloads.body({ type: 'agency_response.submitted', applicationId, agencyResponseId: event?.agencyResponseId })) as Record<
      string,
      unknown
    >;
    expect(validateAgencyEvent(body), JSON.stringify(validateAgencyEvent.errors)).toBe(true);
    expect(body).toMatchObject({
      type: 'agency_response.submitted',
      data: {
        responseId: event?.agencyResponseId,
        notificationId,
        applicationId,
        reference,
        route,
        decision: { madeByAgency: true, decisionDate: '2026-11-10' },
        liaisonOfficer: { name: LIAISON.liaisonName, role: LIAISON.liaisonRole, email: LIAISON.liaisonEmail, phone: LIAISON.liaisonPhone },
        evidence: [{ name: 'panel-report.pdf', type: 'application/pdf', role: 'agency-document' }],
        declaration: { accepted: true, language: 'en' },
      },
    });
    // The application's own event says where the agency was told, and what it sent back.
    const applicationEvent = JSON.parse(await payloads.body({ type: 'application.submitted', applicationId })) as unknown;
    expect(validateApplicationEvent(applicationEvent), JSON.stringify(validateApplicationEvent.errors)).toBe(true);
    expect(applicationEvent).toMatchObject({ data: { agencyNotifications: [{ id: notificationId }], agencyResponses: [{ id: event?.agencyResponseId }] } });
  });

  it('emails the liaison officer a confirmation', async () => {
    const emails = (await createEmailOutbox(service.store.db).find(applicationId)).filter((e) => e.kind === 'agency-confirmation');
    expect(emails).toEqual([expect.objectContaining({ emailAddress: LIAISON.liaisonEmail, language: 'en' })]);
    const sent = await mailboxEmail(service, (e) => e.emailId === emails[0]?.id);
    expect(sent.personalisation.subject).toBe(`We have your agency’s response: ${reference}`);
    // Nothing the agency typed goes in an email.
    expect(sent.personalisation.body).not.toContain('Pat Lee');
  });

  it('gives the caseworker system the notification, the response and its file, never under the applicant’s evidence', async () => {
    const application = await apiGet(service, `/api/v1/applications/${applicationId}`);
    expect(application.status).toBe(200);
    const data = application.body as {
      evidence: Array<{ id: string }>;
      agencyNotifications: Array<Record<string, unknown>>;
      agencyResponses: Array<{ id: string; url: string }>;
    };
    expect(data.agencyNotifications).toEqual([
      { id: notificationId, email: address, name: 'Fostering and adoption team', source: 'caseworker', sentAt: FIXED_NOW.toISOString(), dueDate: '2026-12-04' },
    ]);
    const [summary] = data.agencyResponses;
    const responseUrl = new URL(summary?.url ?? '');
    expect(responseUrl.origin).toBe(PUBLIC_BASE_URL);
    const response = await apiGet(service, responseUrl.pathname);
    expect(response.status).toBe(200);
    const { evidence } = response.body as { evidence: Array<{ id: string; url: string; sha256: string; size: number }> };
    const [file] = evidence;
    const download = await apiGet(service, new URL(file?.url ?? '').pathname)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toBe('attachment; filename=panel-report.pdf');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(
      createHash('sha256')
        .update(download.body as Buffer)
        .digest('hex'),
    ).toBe(file?.sha256);
    // The applicant's side: the agency's file is not among the application's evidence, nor downloadable as it.
    expect(data.evidence.map((f) => f.id)).not.toContain(file?.id);
    expect((await apiGet(service, `/api/v1/applications/${applicationId}/evidence/${file?.id ?? ''}`)).status).toBe(404);
    // Nor under another application.
    const other = await submittedApplication(service.store, route);
    expect((await apiGet(service, `/api/v1/applications/${other.id}/agency-responses/${summary?.id ?? ''}`)).status).toBe(404);
  });

  it('opens nothing any more once the response is sent', async () => {
    const again = await agency().get(link.path);
    expect(again.status).toBe(404);
    expect(h1Of(again.text)).toBe('This link does not work');
    expect(again.text).not.toContain(reference);
  });
});

describe('coming back through the link', () => {
  it('finds the answers given so far, from another browser, and goes on where they stopped', async () => {
    now = FIXED_NOW;
    const application = await submittedApplication(service.store, 'fostering');
    expect((await notifyByApi(service, application.id, { email: 'back@agency.example.org' })).status).toBe(202);
    const link = await agencyLink(service, 'back@agency.example.org');
    const first = new Applicant(service.app);
    await openLink(first, link.path);
    await answerAgencyPages(first, agencyAnswers.slice(0, 4), async () => 0);
    const second = new Applicant(service.app);
    await openLink(second, link.path);
    expect((await second.get('/agency-response')).headers.location).toBe('/agency-response/documents');
    expect((await second.get('/agency-response/liaison-officer')).text).toContain('value="Pat Lee"');
  });
});

describe('a link that opens nothing', () => {
  /** The start page and Start, for a link: both answers, as a person would meet them. */
  async function tryLink(path: string) {
    const person = new Applicant(service.app);
    const page = await person.get(path);
    const start = await person.agent.post(path).type('form').send({ _link: 'AAAAAAAAAAAAAAAAAAAAAA' });
    return { page, start };
  }

  it('looks the same however it went wrong: expired, revoked, already used, tampered or malformed', async () => {
    now = FIXED_NOW;
    const make = async (address: string) => {
      const application = await submittedApplication(service.store, 'adoption');
      const res = await notifyByApi(service, application.id, { email: address });
      return { id: (res.body as { id: string }).id, link: await agencyLink(service, address), reference: application.reference };
    };
    const expired = await make('expired@agency.example.org');
    const revoked = await make('revoked@agency.example.org');
    const used = await make('used@agency.example.org');
    const sound = await make('sound@agency.example.org');

    // Used: the response was sent.
    const agency = new Applicant(service.app);
    await openLink(agency, used.link.path);
    await answerAgencyPages(agency, agencyAnswers, async (path, field, name) => (await agency.upload(path, field, sampleFile(name))).status);
    await sendResponse(agency);

    // Revoked: by the operator's command.
    const lines: string[] = [];
    const code = await runOps(['agency-links', 'revoke', revoked.id], {
      endpointUrl: undefined,
      now: () => now,
      out: (line) => lines.push(line),
      openOutbox: () => Promise.reject(new Error('not needed')),
      openAgencyLinks: async () => ({
        links: {
          notification: (id) => service.store.agencyNotifications.get(id),
          links: (id) => service.store.linkTokens.listForSubject('agency-response', id),
          revoke: (id, at) => service.store.linkTokens.revokeForSubject(service.store.db, 'agency-response', id, at),
        },
        close: async () => undefined,
      }),
    });
    expect(code).toBe(0);
    expect(lines.join('\n')).toContain(`Revoked the link of notification ${revoked.id}`);

    const { token } = sound.link;
    const tampered = `/respond/${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    const cases: Record<string, string> = {
      revoked: revoked.link.path,
      'already used': used.link.path,
      tampered,
      'malformed (short)': '/respond/not-a-token',
      'malformed (too long)': `/respond/${token}x`,
      'malformed (strange characters)': `/respond/${encodeURIComponent("' OR 1=1 --")}`,
    };
    const results: Record<string, Awaited<ReturnType<typeof tryLink>>> = {};
    for (const [name, path] of Object.entries(cases)) results[name] = await tryLink(path);
    // Expired: the test clock moves past the due date and its grace days (4 + 10 days of December, London).
    now = new Date('2026-12-15T00:00:00Z');
    results.expired = await tryLink(expired.link.path);
    now = FIXED_NOW;

    const reference = mainOf((await tryLink('/respond/not-a-token')).page.text);
    for (const [name, { page, start }] of Object.entries(results)) {
      expect(page.status, name).toBe(404);
      expect(start.status, `${name} (Start)`).toBe(404);
      expect(mainOf(page.text), name).toBe(reference);
      expect(mainOf(start.text), `${name} (Start)`).toBe(reference);
      expect(page.headers['cache-control'], name).toBe('no-store');
      expect(page.headers['referrer-policy'], name).toBe('no-referrer');
    }
    expect(reference).toContain('This link does not work');
    for (const made of [expired, revoked, used]) expect(reference).not.toContain(made.reference);
    // The sound link still works, the second before its expiry.
    now = new Date('2026-12-14T23:59:59Z');
    expect((await new Applicant(service.app).get(sound.link.path)).status).toBe(200);
    now = FIXED_NOW;
  });

  it('closes the pages to a session whose link was revoked, and to a session that never opened one', async () => {
    now = FIXED_NOW;
    const application = await submittedApplication(service.store, 'fostering');
    const res = await notifyByApi(service, application.id, { email: 'closed@agency.example.org' });
    const link = await agencyLink(service, 'closed@agency.example.org');
    const agency = new Applicant(service.app);
    await openLink(agency, link.path);
    expect((await agency.get('/agency-response/the-application')).status).toBe(200);
    await service.store.linkTokens.revokeForSubject(service.store.db, 'agency-response', (res.body as { id: string }).id, now);
    const closed = await agency.get('/agency-response/the-application');
    expect(closed.status).toBe(404);
    expect(h1Of(closed.text)).toBe('This link does not work');
    const stranger = await new Applicant(service.app).get('/agency-response/the-application');
    expect(stranger.status).toBe(404);
    expect(h1Of(stranger.text)).toBe('This link does not work');
  });
});

describe('the agency’s documents go through the same checks as the applicant’s', () => {
  it('refuses a file the virus scanner finds infected, one it cannot scan, and one that is not what its name says', async () => {
    let verdict: 'infected' | 'down' | 'clean' = 'infected';
    const scanning = await startAgencyService({
      scanner: {
        description: 'a scanner for the test',
        scan: async () => {
          if (verdict === 'down') throw new ScanFailedError('clamd is not answering');
          return verdict === 'infected' ? { result: 'infected', signature: 'Eicar-Test-Signature' } : { result: 'clean' };
        },
        check: async () => 'test',
        ping: async () => undefined,
      },
    });
    try {
      const application = await submittedApplication(scanning.store, 'adoption');
      expect((await notifyByApi(scanning, application.id, { email: 'scan@agency.example.org' })).status).toBe(202);
      const link = await agencyLink(scanning, 'scan@agency.example.org');
      const agency = new Applicant(scanning.app);
      await openLink(agency, link.path);
      await answerAgencyPages(agency, agencyAnswers.slice(0, 4), async () => 0);
      const path = '/agency-response/documents';
      const infected = await agency.upload(path, 'agencyDocuments', sampleFile('report.pdf'));
      expect(infected.status).toBe(422);
      expect(errorSummaryOf(infected.text)).toEqual(['#agencyDocuments The selected file contains a virus']);
      verdict = 'down';
      expect(errorSummaryOf((await agency.upload(path, 'agencyDocuments', sampleFile('report.pdf'))).text)).toEqual([
        '#agencyDocuments The selected file could not be uploaded – try again',
      ]);
      verdict = 'clean';
      expect(errorSummaryOf((await agency.upload(path, 'agencyDocuments', { name: 'report.pdf', content: samplePng() })).text)).toEqual([
        '#agencyDocuments The selected file must be a PDF, JPG, PNG, Word document, ODT or TXT file',
      ]);
      expect((await agency.upload(path, 'agencyDocuments', sampleFile('report.pdf'))).status).toBe(303);
      const [stored] = await scanning.evidence.files.list((await scanning.store.agencyNotifications.listForApplication(application.id))[0]?.draftId ?? '');
      expect(stored).toMatchObject({ role: 'agency-document', name: 'report.pdf', scan: 'clean' });
    } finally {
      await scanning.close();
    }
  });
});
