import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventPayloads } from '../../src/handoff/event-payloads.ts';
import { agencyResponseEvidence, evidenceCatalogue } from '../../src/handoff/stored-evidence.ts';
import { createOutbox } from '../../src/store/outbox.ts';
import {
  LIAISON,
  PUBLIC_BASE_URL,
  agencyLink,
  linkFormTokenIn,
  notifyByApi,
  startAgencyService,
  submittedApplication,
  validateAgencyEvent,
  validateApplicationEvent,
  type AgencyTestService,
} from '../http/agency.ts';
import { adoptionInformationOnTime, adoptionOnTime, fosteringOnTime } from '../http/answers.ts';
import type { Form } from '../http/harness.ts';
import { sampleFile } from '../support/sample-files.ts';
import en from '../../src/locales/en/common.json' with { type: 'json' };
import cy from '../../src/locales/cy/common.json' with { type: 'json' };
import { Browser, csrfTokenOf, inputNamesOf, listen, offeredValuesOf, type Page } from './browser.ts';
import { EVALUATED_MARKER, PAYLOADS, encode, markedElements, submission, type Submission } from './submissions.ts';

/**
 * Fuzzing every step of every journey against the running service (issue 10):
 * generated submissions (control characters, very long values, unicode and
 * bidi, markup and template payloads, repeated, missing and strange fields,
 * other content types, bodies past the limit) to each page of the
 * applicant's three routes and of the agency's response, over HTTP on
 * loopback. For every one: no 5xx; a refusal is a GOV.UK error page or a page
 * with an error summary; nothing comes back as markup or an evaluated
 * template; the draft still reads (and parses) from the store and is changed
 * only by an answer the page accepted. Answers full of payloads are then
 * carried to check-your-answers, the confirmation and the webhook events.
 * No unhandled rejection in the whole run.
 *
 * The run is bounded twice, so that it fits in CI however busy the machine:
 * FUZZ_RUNS submissions at most (default 10,000) and FUZZ_SECONDS of fuzzing
 * (default 30), both spread evenly over the steps; every step gets at least
 * one. A longer run: FUZZ_RUNS=100000 FUZZ_SECONDS=3600. FUZZ_SEED replays a
 * run (it is printed; on a failure fast-check prints the step's seed and the
 * path of the failing case, which replay it with the same FUZZ_SEED).
 */

const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const FUZZ_SECONDS = Number(process.env.FUZZ_SECONDS ?? 30);
const BASE_SEED = process.env.FUZZ_SEED === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED);
// Room for the journeys' own answers, uploads and submissions besides the fuzzing.
const TEST_TIMEOUT_MS = 120_000 + FUZZ_SECONDS * 1000;

type Steps = ReadonlyArray<readonly [string, Form]>;

/** Answers full of payloads that every free-text question accepts: they must be shown as text everywhere. */
const NAME_WITH_PAYLOADS = 'Sam <script data-fuzz>alert(1)</script> {{ "fuzz" ~ "tmpl" }} $t(engine:continue) \u202Eevil\u202C 👩‍👧‍👦';
const TEXT_WITH_PAYLOADS = PAYLOADS.join('\r\n');
const FREE_TEXT: Readonly<Record<string, string>> = {
  fullName: NAME_WITH_PAYLOADS,
  agencyName: `Council ${NAME_WITH_PAYLOADS}`,
  decisionDetails: TEXT_WITH_PAYLOADS,
  disagreeReasons: `${TEXT_WITH_PAYLOADS}\r\n\r\n${NAME_WITH_PAYLOADS}`,
  liaisonName: NAME_WITH_PAYLOADS,
  liaisonRole: `Manager ${PAYLOADS[1]}`,
};
const FILE_NAME_PAYLOAD = '<img src=x data-fuzz>{{ "fuzz" ~ "tmpl" }}\u202E';
const withPayloads = (steps: Steps): Steps =>
  steps.map(([step, form]) => [step, Object.fromEntries(Object.entries(form).map(([name, value]) => [name, FREE_TEXT[name] ?? value]))] as const);

const ROUTES: Readonly<Record<string, Steps>> = {
  fostering: fosteringOnTime,
  adoption: adoptionOnTime,
  'adoption-information': adoptionInformationOnTime,
};
const AGENCY_STEPS: Steps = [
  ['the-application', {}],
  ['made-decision', { madeDecision: 'yes' }],
  ['decision-date', { 'decisionDate-day': '10', 'decisionDate-month': '11', 'decisionDate-year': '2026' }],
  ['liaison-officer', LIAISON],
  ['documents', { 'upload:agencyDocuments': 'panel-report.pdf', action: 'continue' }],
];
const stepsFuzzed = Object.values(ROUTES).reduce((count, steps) => count + steps.length, 0) + AGENCY_STEPS.length;
const RUNS_PER_STEP = Math.max(1, Math.ceil(TOTAL_RUNS / stepsFuzzed));
let fuzzingMs = 0;
let stepsDone = 0;

/**
 * The next step's share of what is left of FUZZ_SECONDS, in submissions at
 * the pace so far (at least one, at most its share of FUZZ_RUNS): a count,
 * so that a step's seed and path replay it.
 */
function runsForNextStep(): number {
  const msLeft = FUZZ_SECONDS * 1000 - fuzzingMs;
  const msEach = submissions > 0 ? fuzzingMs / submissions : 50;
  return Math.max(1, Math.min(RUNS_PER_STEP, Math.floor(msLeft / (stepsFuzzed - stepsDone) / msEach)));
}

/** The headings of the service's error pages, in both languages. */
const ERROR_PAGE_HEADINGS = new Set([en, cy].flatMap((common) => Object.values(common.errors).map((page) => page.title)));

const h1Of = (html: string): string =>
  (/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
const hasErrorSummary = (html: string): boolean => html.includes('class="govuk-error-summary"');

/** What every response must be, whatever was sent. */
function checkResponse(page: Page, what: string): void {
  expect(page.status, `${what}: ${page.status}`).toBeLessThan(500);
  if (page.status >= 300 && page.status < 400) {
    expect(page.location, `${what}: a redirect stays on the service`).toMatch(/^\/(?![/\\])/);
    return;
  }
  expect(page.contentType, what).toMatch(/^text\/html/);
  if (page.status >= 400) {
    const refusal = hasErrorSummary(page.text) || ERROR_PAGE_HEADINGS.has(h1Of(page.text));
    expect(refusal, `${what}: ${page.status} "${h1Of(page.text)}" is neither an error page nor a page with an error summary`).toBe(true);
  }
  expect(markedElements(page.text), `${what}: markup sent came back as markup`).toEqual([]);
  expect(EVALUATED_MARKER.exec(page.text)?.[0], `${what}: a template sent was evaluated`).toBeUndefined();
}

let service: AgencyTestService;
let server: Awaited<ReturnType<typeof listen>>;
const rejections: unknown[] = [];
const onRejection = (reason: unknown): void => {
  rejections.push(reason);
};
const statuses = new Map<number, number>();
let submissions = 0;
let fuzzingStarted = 0;
/** Submissions made on each step (by its seed): every step must have had some. */
const submissionsOnStep = new Map<number, number>();

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  // Thousands of forms without a session, all from 127.0.0.1: the per-address limit on them (tested in
  // test/http/sessions-for-nobody.test.ts) would otherwise end the fuzzing at the hundredth, sooner the faster the machine.
  service = await startAgencyService({ env: { ANONYMOUS_POSTS_PER_IP_PER_HOUR: '100000' } });
  server = await listen(service.app);
  console.log(`fuzzing ${stepsFuzzed} steps: up to ${RUNS_PER_STEP} submissions on each, ${FUZZ_SECONDS} s in all, FUZZ_SEED=${BASE_SEED}`);
  fuzzingStarted = Date.now();
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  const seconds = fuzzingMs / 1000;
  console.log(
    `fuzzed ${submissions} submissions in ${seconds.toFixed(1)} s (${Math.round(submissions / seconds)} a second; ${((Date.now() - fuzzingStarted) / 1000).toFixed(1)} s with the journeys around them); ` +
      `statuses: ${[...statuses].map(([status, count]) => `${status}×${count}`).join(' ')}`,
  );
  await server.close();
  await service.close();
});

/** One person on one journey, and the draft the service keeps for them. */
class Journeyer {
  readonly browser: Browser;
  private draftId: string | undefined;
  private readonly draftsBefore: Set<string>;

  private constructor(
    readonly basePath: string,
    draftsBefore: Set<string>,
  ) {
    this.browser = new Browser(server.base);
    this.draftsBefore = draftsBefore;
  }

  static async start(basePath: string): Promise<Journeyer> {
    const rows = await service.store.db.query<{ id: string }>('SELECT id FROM drafts');
    return new Journeyer(basePath, new Set(rows.map((row) => row.id)));
  }

  /** The person's draft, read through the store (which parses it with its schema); undefined before the first answer. */
  async draft(): Promise<Record<string, Record<string, unknown>> | undefined> {
    if (!this.draftId) {
      const rows = await service.store.db.query<{ id: string }>('SELECT id FROM drafts');
      const made = rows.map((row) => row.id).filter((id) => !this.draftsBefore.has(id));
      if (made.length > 1) throw new Error(`one person has ${made.length} drafts`);
      this.draftId = made[0];
      if (!this.draftId) return undefined;
    }
    const draft = await service.store.drafts.get(this.draftId);
    if (!draft) throw new Error('the draft has gone');
    return draft.answers;
  }

  /** GET a step's page, which must be there (the person has reached it). */
  async open(step: string): Promise<Page> {
    const page = await this.browser.get(`${this.basePath}/${step}`);
    checkResponse(page, `GET ${step}`);
    if (page.status !== 200) throw new Error(`GET ${this.basePath}/${step} gave ${page.status} to ${page.location ?? '-'}`);
    return page;
  }

  /** Answer a step as a person would, uploading its files first. */
  async answer(step: string, form: Form): Promise<void> {
    const path = `${this.basePath}/${step}`;
    const fields: Array<[string, string]> = [];
    for (const [name, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) {
        if (!name.startsWith('upload:')) {
          fields.push([name, v]);
          continue;
        }
        const file = sampleFile(v);
        const field = name.slice('upload:'.length);
        const uploaded = await this.browser.upload(
          path,
          [
            ['_csrf', csrfTokenOf((await this.open(step)).text)],
            ['upload', field],
          ],
          {
            field,
            // A file name is shown on the page, on check-your-answers and in the webhook: payloads in it too.
            name: `${FILE_NAME_PAYLOAD}${file.name}`,
            content: file.content,
            type: 'application/pdf',
          },
        );
        checkResponse(uploaded, `upload on ${step}`);
        if (uploaded.status !== 303) throw new Error(`uploading on ${path} gave ${uploaded.status}`);
      }
    }
    const res = await this.browser.postForm(path, [['_csrf', csrfTokenOf((await this.open(step)).text)], ...fields]);
    checkResponse(res, `answer ${step}`);
    if (res.status !== 303) throw new Error(`POST ${path} gave ${res.status}: ${h1Of(res.text)}`);
  }

  /**
   * Fuzz one step: generated submissions, each checked, each followed by a
   * look at the draft. An accepted one (a redirect) changes only this step's
   * answers, so the page stays reachable; the person's own answer, given
   * after the fuzzing, puts the route back.
   */
  async fuzz(step: string, seed: number): Promise<void> {
    const path = `${this.basePath}/${step}`;
    const page = await this.open(step);
    let token = csrfTokenOf(page.text);
    let cookies = this.browser.cookieChanges;
    const names = inputNamesOf(page.text);
    const offered = offeredValuesOf(page.text).filter((value) => value !== token);
    let saved = (await this.draft())?.[step];
    const runs = runsForNextStep();
    const started = Date.now();

    await fc.assert(
      fc.asyncProperty(submission(names, offered), async (sent: Submission) => {
        submissions += 1;
        submissionsOnStep.set(seed, (submissionsOnStep.get(seed) ?? 0) + 1);
        const { headers, body } = encode(sent, token);
        const res = await this.browser.request(`${path}${sent.query}`, { method: 'POST', headers, body, anonymous: sent.withoutSession });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        checkResponse(res, `POST ${path}`);
        const now = (await this.draft())?.[step];
        if (res.status !== 303) expect(isDeepStrictEqual(now, saved), `POST ${path} was refused (${res.status}) yet changed the draft`).toBe(true);
        saved = now;
        // A new session (the first answer makes the draft in one): read its token.
        if (this.browser.cookieChanges !== cookies) {
          token = csrfTokenOf((await this.open(step)).text);
          cookies = this.browser.cookieChanges;
        }
      }),
      { numRuns: runs, seed, endOnFailure: true },
    );
    fuzzingMs += Date.now() - started;
    stepsDone += 1;
  }
}

/** The markers of the payload answers, as check-your-answers must show them: as text. */
function checkPayloadsShownAsText(page: Page, what: string): void {
  checkResponse(page, what);
  expect(page.text, `${what} shows the typed markup as text`).toContain('&lt;script data-fuzz&gt;');
  expect(page.text, `${what} shows the typed template as text`).toContain('$t(engine:continue)');
  expect(page.text, `${what} shows the typed template as text`).toMatch(/\{\{ (&quot;|&#34;)fuzz(&quot;|&#34;) ~ (&quot;|&#34;)tmpl(&quot;|&#34;) \}\}/);
}

/** Every string in a JSON value. */
const stringsOf = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : value !== null && typeof value === 'object' ? Object.values(value).flatMap(stringsOf) : [];

/** The webhook events stored for an application, with their bodies built as the delivery worker builds them. */
async function webhookBodies(applicationId: string): Promise<unknown[]> {
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
  const events = await createOutbox(service.store.db).find(applicationId);
  return Promise.all(events.map(async (event) => JSON.parse(await payloads.body(event)) as unknown));
}

describe('fuzzing every step of every journey (issue 10)', { timeout: TEST_TIMEOUT_MS }, () => {
  let seed = BASE_SEED;

  for (const [route, steps] of Object.entries(ROUTES)) {
    it(`the applicant's journey, ${route}: every step, then check your answers, the confirmation and the webhook`, async () => {
      const person = await Journeyer.start('/apply');
      for (const [step, form] of withPayloads(steps)) {
        await person.fuzz(step, (seed += 1));
        await person.answer(step, form);
      }
      const check = await person.open('check-answers');
      checkPayloadsShownAsText(check, `${route}: check your answers`);

      const sent = await person.browser.postForm('/apply/check-answers', [['_csrf', csrfTokenOf(check.text)]]);
      expect(sent.location).toBe('/apply/confirmation');
      const confirmation = await person.open('confirmation');
      checkResponse(confirmation, `${route}: confirmation`);
      const reference = /<strong class="app-reference">([^<]+)<\/strong>/.exec(confirmation.text)?.[1] ?? '';
      const application = await service.store.applications.getByReference(reference);
      if (!application) throw new Error(`no application ${reference}`);

      const [event] = await webhookBodies(application.id);
      expect(validateApplicationEvent(event), JSON.stringify(validateApplicationEvent.errors)).toBe(true);
      // The payloads go to the caseworker system as the text that was typed (cleaned), in valid JSON.
      const strings = stringsOf(event);
      expect(strings).toContain(NAME_WITH_PAYLOADS);
      expect(strings.some((s) => s.includes(PAYLOADS[0]))).toBe(true);
    });
  }

  it("the agency's response: every step, then check your answers, the confirmation and the webhook", async () => {
    const application = await submittedApplication(service.store, 'fostering');
    const address = 'fostering@agency.example.org';
    expect((await notifyByApi(service, application.id, { email: address })).status).toBe(202);
    const link = await agencyLink(service, address);
    const agency = await Journeyer.start('/agency-response');
    const start = await agency.browser.get(link.path);
    checkResponse(start, 'the link');
    const started = await agency.browser.postForm(link.path, [
      ['_link', linkFormTokenIn(start.text)],
      ['_lang', 'en'],
    ]);
    expect(started.location).toBe('/agency-response');

    for (const [step, form] of withPayloads(AGENCY_STEPS)) {
      await agency.fuzz(step, (seed += 1));
      await agency.answer(step, form);
    }
    const check = await agency.open('check-answers');
    checkPayloadsShownAsText(check, "agency's check your answers");
    const sent = await agency.browser.postForm('/agency-response/check-answers', [['_csrf', csrfTokenOf(check.text)]]);
    expect(sent.location).toBe('/agency-response/confirmation');
    checkResponse(await agency.open('confirmation'), "agency's confirmation");

    const events = await webhookBodies(application.id);
    const response = events.find((event) => (event as { type?: string }).type === 'agency_response.submitted');
    expect(validateAgencyEvent(response), JSON.stringify(validateAgencyEvent.errors)).toBe(true);
    expect(stringsOf(response)).toContain(NAME_WITH_PAYLOADS);
  });

  it('had no unhandled rejection, and fuzzed every step', () => {
    expect(rejections).toEqual([]);
    expect(submissionsOnStep.size).toBe(stepsFuzzed);
  });
});
