import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { generateApiKey } from '../../src/handoff/api-keys.ts';
import { AGENCY_RESPONSE_SUBMITTED_SCHEMA_FILE, APPLICATION_SUBMITTED_SCHEMA_FILE } from '../../src/handoff/schema-route.ts';
import type { ApplicationDocument } from '../../src/journeys/irm/application-document.ts';
import type { Route } from '../../src/rules/deadlines.ts';
import type { Application, AppStore } from '../../src/store/index.ts';
import { createEmailOutbox, type DevEmail } from '../../src/store/email-outbox.ts';
import { sampleDocument } from '../support/sample-application.ts';
import { Applicant, csrfTokenIn, errorSummaryOf, startService, type Form, type ServiceOptions, type TestService } from './harness.ts';

/** The agency's side of things, for the HTTP, log and browser tests. */

export const PUBLIC_BASE_URL = 'http://localhost:3000';

export interface AgencyTestService extends TestService {
  /** A consumer API key the service accepts. */
  readonly apiKey: string;
}

/** The service with a consumer API key and the public address the emails' links start with. */
export async function startAgencyService(options: ServiceOptions = {}): Promise<AgencyTestService> {
  const { key, hash } = generateApiKey();
  const service = await startService({ ...options, env: { API_KEY_HASHES: hash, PUBLIC_BASE_URL, ...options.env } });
  return { ...service, apiKey: key };
}

/** A submitted application for a route, as the applicant's journey would have made it. */
export function documentFor(route: Route): ApplicationDocument {
  const eligibility: Record<Route, ApplicationDocument['eligibility']> = {
    fostering: { decisionAbout: 'fostering', agencyCountry: 'england', hasLetter: 'yes', fosteringDecision: 'not-approved', sentRepresentations: 'no' },
    adoption: {
      decisionAbout: 'adoption',
      agencyCountry: 'england',
      hasLetter: 'yes',
      adoptionDecision: 'not-suitable',
      letterOffersReview: 'yes',
      sentRepresentations: 'no',
    },
    'adoption-information': {
      decisionAbout: 'adoption-information',
      agencyCountry: 'england',
      hasLetter: 'yes',
      applicantRole: 'adopted-person',
      informationAbout: 'adult',
      adoptionInfoDecision: 'not-disclose',
      adoptionMade: 'on-or-after-2005',
      sentRepresentations: 'no',
    },
  };
  return sampleDocument({ route, eligibility: eligibility[route] });
}

/** An application submitted straight through the store (the applicant's journey is tested elsewhere). */
export async function submittedApplication(store: AppStore, route: Route): Promise<Application> {
  const document = documentFor(route);
  const draft = await store.drafts.create('irm-application', '1');
  const { application } = await store.applications.submit({
    draftId: draft.id,
    journeyId: 'irm-application',
    journeyVersion: '1',
    route,
    late: false,
    data: document,
    newReference: () => `IRM-${randomUUID().slice(0, 8).toUpperCase()}`,
  });
  return application;
}

/** POST …/agency-notifications as the caseworker system does. */
export function notifyByApi(service: AgencyTestService, applicationId: string, body: unknown) {
  return request(service.app)
    .post(`/api/v1/applications/${applicationId}/agency-notifications`)
    .set('Authorization', `Bearer ${service.apiKey}`)
    .send(body as object);
}

/** GET an API path with the key. */
export function apiGet(service: AgencyTestService, path: string) {
  return request(service.app).get(path).set('Authorization', `Bearer ${service.apiKey}`);
}

/** The in-process email worker sends on its own: wait for the development mailbox to hold an email matching `which`. */
export async function mailboxEmail(service: TestService, which: (email: DevEmail) => boolean): Promise<DevEmail> {
  const outbox = createEmailOutbox(service.store.db);
  for (let tries = 0; tries < 100; tries += 1) {
    const found = (await outbox.devEmails()).find(which);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the email never arrived in the development mailbox');
}

/** The link in the agency notification sent to `to` (the newest one): its path and its token. */
export async function agencyLink(service: TestService, to: string): Promise<{ path: string; token: string; email: DevEmail }> {
  const email = await mailboxEmail(service, (e) => e.kind === 'agency-notification' && e.emailAddress === to);
  const match = /\/respond\/([A-Za-z0-9_-]{43})\b/.exec(email.personalisation.body ?? '');
  if (!match?.[1]) throw new Error('no link in the agency notification');
  return { path: `/respond/${match[1]}`, token: match[1], email };
}

/** The link form token on a start page. */
export function linkFormTokenIn(html: string): string {
  const match = /name="_link" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('No link form token on the page');
  return match[1];
}

/** Opens the link as a person does: the start page, then Start. */
export async function openLink(agency: Applicant, path: string) {
  const page = await agency.get(path);
  if (page.status !== 200) throw new Error(`GET ${path} gave ${page.status}`);
  return agency.agent
    .post(path)
    .type('form')
    .send({ _link: linkFormTokenIn(page.text), _lang: 'en' });
}

export const LIAISON = {
  liaisonName: 'Pat Lee',
  liaisonRole: 'Team manager, fostering',
  liaisonEmail: 'pat.lee@agency.example.org',
  liaisonPhone: '0113 496 0000',
};

/** The agency's answers, page by page (`upload:<field>` names a sample file to upload first). */
export const agencyAnswers: ReadonlyArray<readonly [string, Form]> = [
  ['the-application', {}],
  ['made-decision', { madeDecision: 'yes' }],
  ['decision-date', { 'decisionDate-day': '10', 'decisionDate-month': '11', 'decisionDate-year': '2026' }],
  ['liaison-officer', LIAISON],
  ['documents', { 'upload:agencyDocuments': 'panel-report.pdf', action: 'continue' }],
];

/** Answers pages of the agency's journey, checking each moves on. */
export async function answerAgencyPages(
  agency: Applicant,
  steps: ReadonlyArray<readonly [string, Form]>,
  upload: (path: string, field: string, name: string) => Promise<number>,
): Promise<void> {
  for (const [step, form] of steps) {
    const path = `/agency-response/${step}`;
    const rest: Form = {};
    for (const [key, value] of Object.entries(form)) {
      if (key.startsWith('upload:')) {
        const status = await upload(path, key.slice('upload:'.length), String(value));
        if (status !== 303) throw new Error(`uploading ${String(value)} on ${path} gave ${status}`);
      } else rest[key] = value;
    }
    const res = await agency.answer(path, rest);
    if (res.status !== 303) throw new Error(`POST ${path} gave ${res.status}: ${errorSummaryOf(res.text).join(',')}`);
  }
}

/** Presses "Accept and send" (with the token of the page it was pressed on, when pressed again). */
export async function sendResponse(agency: Applicant, token?: string) {
  return agency.post('/agency-response/check-answers', {}, token ?? csrfTokenIn((await agency.get('/agency-response/check-answers')).text));
}

/** The published agency_response.submitted schema, in a real JSON Schema (2020-12) validator. */
export const publishedAgencySchema = JSON.parse(readFileSync(AGENCY_RESPONSE_SUBMITTED_SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
export const validateAgencyEvent = ajv.compile(publishedAgencySchema);
/** And the application.submitted schema, as published. */
export const validateApplicationEvent = ajv.compile(JSON.parse(readFileSync(APPLICATION_SUBMITTED_SCHEMA_FILE, 'utf8')) as Record<string, unknown>);

/** The text of the page's <main>, for comparing pages whose header links differ. */
export function mainOf(html: string): string {
  return (/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '').replace(/\s+/g, ' ');
}
