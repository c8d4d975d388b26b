import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aboutYou, evidenceAnswer, fosteringEligibility, letterOn, theAgency, theRest } from '../http/answers.ts';
import { splitUploads, startService, type Form, type TestService } from '../http/harness.ts';
import { sampleFile, samplePng } from '../support/sample-files.ts';
import { closeStarted, startApp, type RunningApp } from '../support/app.ts';
import { accessibilityViolationsOf, launchBrowser } from '../support/browser.ts';

/**
 * Every page of every route, in a real browser, with JavaScript on and off:
 * each page as it first appears, each question again in its error state, and
 * each exit page on the way. axe-core with the WCAG 2.2 A/AA tags must find
 * nothing.
 */

interface Visit {
  readonly path: string;
  readonly form: Form;
  /** Answers that lead off the route to an exit page, visited and then undone. */
  readonly exits?: readonly Form[];
}

/**
 * govuk-frontend 6's enhanced file upload names its button "<label>, <status>
 * Choose files or drop files" through aria-labelledby, and puts the ", " in a
 * visually hidden span inside the button; axe counts that comma as content
 * missing from the name. Every visible word is in the name (checked below, on
 * the evidence page), so voice control still finds it: this one finding on
 * those buttons is the component's, not a barrier.
 */
const ENHANCED_FILE_UPLOAD_NAME = /^\[serious\] label-content-name-mismatch: .*\n {4}at #(decisionLetter|supportingDocuments)\n/;

const visits = (steps: ReadonlyArray<readonly [string, Form]>, exits: Record<string, readonly Form[]> = {}): Visit[] =>
  steps.map(([path, form]) => ({ path, form, exits: exits[path] }));

const afterEligibility = (letter: Form): Visit[] =>
  visits([
    ['letter-date', letter],
    ['deadline', {}],
    ...aboutYou.slice(0, 3),
    ['joint-applicant', { hasJointApplicant: 'yes' }],
    ['joint-applicant-details', { jointName: 'Alex Jones' }],
  ]);

const ROUTES: Record<string, Visit[]> = {
  fostering: [
    ...visits(fosteringEligibility.slice(0, 3), {
      'decision-about': [{ decisionAbout: 'something-else' }],
      'agency-country': [{ agencyCountry: 'wales' }, { agencyCountry: 'scotland' }],
      'has-letter': [{ hasLetter: 'no' }],
    }),
    {
      path: 'fostering-decision',
      form: { fosteringDecision: 'terminate' },
      exits: [{ fosteringDecision: 'early-stage' }, { fosteringDecision: 'temporary-approval' }],
    },
    { path: 'resigned', form: { resigned: 'no' }, exits: [{ resigned: 'yes' }] },
    { path: 'representations', form: { sentRepresentations: 'no' }, exits: [{ sentRepresentations: 'yes' }] },
    // A late letter, so the late-reason page is visited too.
    ...afterEligibility(letterOn(1, 9, 2026)).slice(0, 2),
    { path: 'late-reason', form: { lateReason: 'I was in hospital.' } },
    ...afterEligibility(letterOn(1, 9, 2026)).slice(2),
    ...visits(theAgency),
    ...visits([
      ['decision-details', { decisionDetails: 'Not approved.' }],
      ['disagree-reasons', { disagreeReasons: 'We disagree.' }],
      ['evidence', evidenceAnswer],
      ['support-needs', { supportNeeds: ['interpreter', 'adjustments'] }],
      ['interpreter-language', { interpreterLanguage: 'Polish' }],
      ['adjustments', { adjustmentsDetails: 'Large print, please.' }],
      ['contact-preference', { contactPreference: 'email' }],
    ]),
  ],
  adoption: [
    ...visits([
      ['decision-about', { decisionAbout: 'adoption' }],
      ['agency-country', { agencyCountry: 'england' }],
      ['has-letter', { hasLetter: 'yes' }],
    ]),
    { path: 'adoption-decision', form: { adoptionDecision: 'not-suitable' }, exits: [{ adoptionDecision: 'stage-one' }] },
    { path: 'letter-offers-review', form: { letterOffersReview: 'not-sure' }, exits: [{ letterOffersReview: 'no' }] },
    { path: 'representations', form: { sentRepresentations: 'no' } },
    ...visits([['letter-date', letterOn(20, 11, 2026)], ['deadline', {}], ...aboutYou, ...theAgency, ...theRest]),
  ],
  'adoption information': [
    ...visits([
      ['decision-about', { decisionAbout: 'adoption-information' }],
      ['agency-country', { agencyCountry: 'england' }],
      ['has-letter', { hasLetter: 'yes' }],
      ['adoption-info-role', { applicantRole: 'subject-of-information' }],
    ]),
    { path: 'information-about', form: { informationAbout: 'adult' }, exits: [{ informationAbout: 'child' }] },
    ...visits([['adoption-info-decision', { adoptionInfoDecision: 'not-disclose' }]]),
    { path: 'adoption-made', form: { adoptionMade: 'not-sure' }, exits: [{ adoptionMade: 'before-2005' }] },
    ...visits([
      ['representations', { sentRepresentations: 'no' }],
      ['letter-date', letterOn(20, 11, 2026)],
      ['deadline', {}],
      ...aboutYou,
      ['agency-details', { agencyName: 'Adopt North', agencyType: 'regional-adoption-agency', agencyEmail: 'info@adoptnorth.example.org' }],
      [
        'agency-address',
        { 'agencyAddress-line1': '2 Park Row', 'agencyAddress-town': 'Leeds', 'agencyAddress-postcode': 'LS1 5HD', agencyPhone: '0113 496 0000' },
      ],
      ['social-worker', { socialWorkerName: 'Pat Lee' }],
      ...theRest,
    ]),
  ],
};

/**
 * In Welsh, axe checks the pages whose words or questions changed with the
 * legal corrections (and every exit page); the rest of each walk is the same
 * markup in English, checked above, so the Welsh walks only pass through it.
 */
const CHECKED_IN_WELSH = new Set([
  'adoption-info-role',
  'information-about',
  'adoption-info-decision',
  'letter-offers-review',
  'resigned',
  'representations',
  'letter-date',
  'deadline',
  'evidence',
  'support-needs',
  'adjustments',
  'check-answers',
  'confirmation',
]);
const isCheckedIn = (lang: string, label: string): boolean =>
  lang === 'en' || label.startsWith('/apply/exit-') || CHECKED_IN_WELSH.has(label.replace(/ \(.*\)$/, ''));

/** Chooses files in a file input, as a person would, and presses that form's own button. */
async function upload(page: Page, field: string, files: ReadonlyArray<{ name: string; content: Buffer }>): Promise<number> {
  await page
    .locator(`main input[type="file"][name="${field}"]`)
    .setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: f.content })));
  // waitForURL has no response to give, and an upload comes back to the same URL.
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the navigation's status is what is checked
  const [response] = await Promise.all([page.waitForNavigation(), page.locator(`main form:has(input[name="${field}"]) button.govuk-button`).click()]);
  return response?.status() ?? 0;
}

async function fill(page: Page, form: Form): Promise<void> {
  const { uploads, rest } = splitUploads(form);
  for (const [field, name] of uploads) expect(await upload(page, field, [sampleFile(name)]), `upload ${name}`).toBe(200);
  for (const [name, value] of Object.entries(rest)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      const input = page.locator(`main [name="${name}"]`).first();
      const type = await input.getAttribute('type');
      // Hidden fields (which form was sent) come with the page.
      if (type === 'hidden') continue;
      if (type === 'radio' || type === 'checkbox') await page.locator(`main [name="${name}"][value="${v}"]`).check();
      else await page.locator(`main [name="${name}"]`).fill(v);
    }
  }
}

/**
 * Presses the page's main button: the last primary one (on the evidence page, Continue rather than an upload or
 * Remove; on every page, Continue rather than "Save and come back later").
 */
async function submit(page: Page): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- as in upload(): a 422 re-render stays on the same URL
  const [response] = await Promise.all([page.waitForNavigation(), page.locator('main form button.govuk-button:not(.govuk-button--secondary)').last().click()]);
  return response?.status() ?? 0;
}

/**
 * Every route walked in one language, with JavaScript on or off. One test
 * file per language and setting (journeys.en.js-on.test.ts and so on), so they
 * run side by side on the test runner's workers.
 *
 * axe checks a page the routes share (the applicant's details, the agency,
 * the evidence page...) once per file, on the first route that reaches it;
 * what differs by route (check your answers, the confirmation) is checked on
 * every route. Every route is still walked, answered and sent in full.
 */
export function describeJourneyWalks(language: 'en' | 'cy', js: 'on' | 'off'): void {
  describe.each([{ js, javaScriptEnabled: js === 'on', lang: language }])(
    'journey pages in a real browser, JavaScript $js, in $lang',
    ({ javaScriptEnabled, lang }) => {
      /** Pages (and states) axe has checked in this file. */
      const checked = new Set<string>();
      let browser: Browser;
      let service: TestService;
      let running: RunningApp;

      beforeAll(async () => {
        browser = await launchBrowser();
        service = await startService();
        running = await startApp(service.app);
      });
      afterAll(() => closeStarted(browser, running, service));

      // One person's whole application per test: many pages, each checked by axe, so a longer limit than a unit test's.
      it.each(Object.keys(ROUTES))('%s: every page, error state and exit page has no accessibility violations', { timeout: 240_000 }, async (route) => {
        const context = await browser.newContext({ javaScriptEnabled });
        const page = await context.newPage();
        // The language is chosen once, as a person would with the header's link; the session keeps it.
        await page.goto(`${running.url}/?lang=${lang}`);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        const problems: string[] = [];
        const check = async (label: string, { everyRoute = false } = {}): Promise<void> => {
          if (!isCheckedIn(lang, label)) return;
          const key = everyRoute ? `${route}: ${label}` : label;
          if (checked.has(key)) return;
          checked.add(key);
          const found = (await accessibilityViolationsOf(browser, page, javaScriptEnabled)).filter((v) => !ENHANCED_FILE_UPLOAD_NAME.test(v));
          problems.push(...found.map((v) => `${label}: ${v}`));
        };
        try {
          // The start: the first question, opened directly; from then on each page is the one the last answer led to.
          await page.goto(`${running.url}/apply/${ROUTES[route]?.[0]?.path ?? ''}`);
          for (const visit of ROUTES[route] ?? []) {
            const url = `${running.url}/apply/${visit.path}`;
            expect(new URL(page.url()).pathname, `the journey did not lead to ${visit.path}`).toBe(`/apply/${visit.path}`);
            await check(visit.path);
            const isQuestion = (await page.locator('main form .govuk-form-group').count()) > 0;
            const allOptional = visit.path === 'social-worker';
            if (isQuestion && !allOptional && isCheckedIn(lang, visit.path)) {
              // The error state: send the page empty (then answer on the page with its errors, as a person would).
              expect(await submit(page), `empty ${visit.path}`).toBe(422);
              await check(`${visit.path} (with errors)`);
            }
            if (visit.path === 'evidence') {
              if (javaScriptEnabled) {
                // The enhanced upload: a drop zone button whose name has the label and every word it shows.
                if (lang === 'en')
                  expect(await page.locator('main').ariaSnapshot()).toContain(
                    'button "Upload your decision letter , No file chosen Choose files or drop files"',
                  );
              }
              // A refused file (a PNG called .pdf), and the page with a file listed and its Remove button.
              expect(await upload(page, 'decisionLetter', [{ name: 'letter.pdf', content: samplePng() }]), 'refused upload').toBe(422);
              const summary = await page.locator('.govuk-error-summary').textContent();
              expect(summary).toContain(
                lang === 'en' ? 'The selected file must be a PDF, JPG, PNG, Word document, ODT or TXT file' : 'Rhaid i’r ffeil a ddewiswyd fod yn ffeil PDF',
              );
              await check('evidence (refused file)');
              expect(await upload(page, 'supportingDocuments', [sampleFile('notes.pdf'), sampleFile('photo.png')]), 'two files at once').toBe(200);
              await check('evidence (files listed)');
            }
            for (const exit of visit.exits ?? []) {
              await page.goto(url);
              await fill(page, exit);
              await submit(page);
              expect(page.url(), `exit from ${visit.path}`).toMatch(/\/apply\/exit-/);
              await check(new URL(page.url()).pathname);
            }
            // Back from an exit page to the question, as its back link would.
            if ((visit.exits ?? []).length > 0) await page.goto(url);
            await fill(page, visit.form);
            expect(await submit(page), `answer ${visit.path}`).toBe(200);
          }
          expect(new URL(page.url()).pathname).toBe('/apply/check-answers');
          await check('check-answers', { everyRoute: true });
          await submit(page);
          expect(new URL(page.url()).pathname).toBe('/apply/confirmation');
          expect(await page.locator('html').getAttribute('lang')).toBe(lang);
          await check('confirmation', { everyRoute: true });
        } finally {
          await context.close();
        }
        expect(problems).toEqual([]);
      });
    },
  );
}
