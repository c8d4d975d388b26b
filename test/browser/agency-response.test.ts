import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitApplication } from '../handoff/fixtures.ts';
import { documentFor, notifyByApi, startAgencyService, type AgencyTestService } from '../http/agency.ts';
import { sampleFile } from '../support/sample-files.ts';
import { closeStarted } from '../support/app.ts';
import { accessibilityViolationsOf, launchBrowser } from '../support/browser.ts';

/**
 * The agency's side in Chromium, as an agency worker meets it: the link
 * opened from the email (here /dev/emails), the start page, every page of the
 * response and each in its error state, the exit page, check your answers,
 * the confirmation and the dead link afterwards; axe-core (WCAG 2.2 A/AA) on
 * every one, with JavaScript on and off. Then the whole walk in Welsh: every
 * page in Welsh, no key showing, and axe on the pages whose words are longest
 * (the markup is the English walk's, checked above).
 */

/**
 * govuk-frontend 6's enhanced file upload names its button "<label>, <status>
 * Choose files or drop files", with the ", " in a visually hidden span, and
 * axe counts that comma as a mismatch (see journey-walks.ts, where the
 * applicant's upload buttons have the same finding). Every visible word is in
 * the name; the finding is the component's.
 */
const ENHANCED_FILE_UPLOAD_NAME = /^\[serious\] label-content-name-mismatch: .*\n {4}at #agencyDocuments\n/;

const WORDS = {
  en: {
    start: 'Start now',
    continue: 'Continue',
    yes: 'Yes',
    no: 'No',
    day: 'Day',
    month: 'Month',
    year: 'Year',
    name: 'Full name',
    role: 'Job title',
    email: 'Email address',
    phone: 'Phone number',
    upload: 'Upload a document',
    uploadButton: 'Upload',
    send: 'Accept and send',
    headings: {
      start: 'Respond to an application for an independent review',
      application: 'The application for an independent review',
      exit: 'Contact us if your agency did not make this decision',
      confirmation: 'Response sent',
      notValid: 'This link does not work',
    },
  },
  cy: {
    start: 'Dechrau nawr',
    continue: 'Parhau',
    yes: 'Do',
    no: 'Naddo',
    day: 'Diwrnod',
    month: 'Mis',
    year: 'Blwyddyn',
    name: 'Enw llawn',
    role: 'Teitl swydd',
    email: 'Cyfeiriad e-bost',
    phone: 'Rhif ffôn',
    upload: 'Uwchlwytho dogfen',
    uploadButton: 'Uwchlwytho',
    send: 'Derbyn ac anfon',
    headings: {
      start: 'Ymateb i gais am adolygiad annibynnol',
      application: 'Y cais am adolygiad annibynnol',
      exit: 'Cysylltwch â ni os nad eich asiantaeth a wnaeth y penderfyniad hwn',
      confirmation: 'Ymateb wedi’i anfon',
      notValid: 'Nid yw’r ddolen hon yn gweithio',
    },
  },
} as const;

/** A free port on 127.0.0.1, so the service's PUBLIC_BASE_URL (and so the emailed link) can point at it. */
async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Presses a button by its visible text and waits for the page it leads to; returns that page's status. */
async function press(page: Page, name: string): Promise<number> {
  // waitForURL has no response to give, and a re-shown page with errors comes back to the same URL.
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the navigation's status is what is checked
  const [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
  return response?.status() ?? 0;
}

const h1 = (page: Page) => page.locator('h1').innerText();

/** Welsh: axe on these pages only (see above); every page is still checked for its language and for keys showing. */
const CHECKED_IN_WELSH = new Set(['start page', 'the application', 'made-decision (with errors)', 'documents (with errors)', 'check-answers', 'confirmation']);

describe('the agency’s response in a real browser', () => {
  let browser: Browser;
  let service: AgencyTestService;
  let server: Server | undefined;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    browser = await launchBrowser();
    service = await startAgencyService({ env: { PUBLIC_BASE_URL: url } });
    server = service.app.listen(port, '127.0.0.1');
    await once(server, 'listening');
  });
  afterAll(async () => {
    await closeStarted(browser, server && { close: () => new Promise<void>((resolve) => server?.close(() => resolve())) }, service);
  });

  it.each([
    { lang: 'en', js: 'on', javaScriptEnabled: true },
    { lang: 'en', js: 'off', javaScriptEnabled: false },
    { lang: 'cy', js: 'off', javaScriptEnabled: false },
  ] as const)(
    '$lang, JavaScript $js: opens from the email, every page and error state by their labels, no accessibility violation',
    { timeout: 120_000 },
    async ({ lang, javaScriptEnabled }) => {
      const w = WORDS[lang];
      const application = await submitApplication(service.store, documentFor('fostering'));
      const address = `browser-${lang}-${javaScriptEnabled ? 'js' : 'nojs'}@agency.example.org`;
      expect((await notifyByApi(service, application.id, { email: address, ...(lang === 'cy' ? {} : { name: 'Fostering team' }) })).status).toBe(202);

      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const problems: string[] = [];
      const check = async (label: string): Promise<void> => {
        expect(await page.locator('html').getAttribute('lang'), label).toBe(lang);
        const body = await page.locator('body').innerText();
        expect(body, `${label}: a translation key shows`).not.toMatch(/agency-response:|journey:|engine:/);
        // Every word of the page in Welsh: no English left in the page's own text.
        if (lang === 'cy')
          expect(await page.locator('main').innerText(), `${label}: English on a Welsh page`).not.toMatch(/\b(the|your|agency|decision|continue|upload)\b/i);
        if (lang === 'cy' && !CHECKED_IN_WELSH.has(label)) return;
        const found = (await accessibilityViolationsOf(browser, page, javaScriptEnabled)).filter((v) => !ENHANCED_FILE_UPLOAD_NAME.test(v));
        problems.push(...found.map((v) => `${label}: ${v}`));
      };

      try {
        // The email, as the development mailbox shows it; its link, as a person would follow it.
        let link = page.getByRole('link', { name: new RegExp(`${url}/respond/`) });
        for (let tries = 0; tries < 50; tries += 1) {
          await page.goto(`${url}/dev/emails`);
          link = page.locator('article', { hasText: address }).getByRole('link', { name: new RegExp(`${url}/respond/`) });
          if ((await link.count()) > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const href = await link.getAttribute('href');
        expect(href).toMatch(/\/respond\/[A-Za-z0-9_-]{43}$/);
        await link.click();
        expect(new URL(page.url()).pathname).toBe(new URL(href ?? '').pathname);
        if (lang === 'cy') await page.getByRole('link', { name: 'Cymraeg' }).click();
        expect(await h1(page)).toBe(w.headings.start);
        await check('start page');

        expect(await press(page, w.start)).toBe(200);
        expect(new URL(page.url()).pathname).toBe('/agency-response/the-application');
        expect(await h1(page)).toBe(w.headings.application);
        await check('the application');
        await press(page, w.continue);

        // Did the agency make the decision? Empty, then No (the exit page), then Yes.
        expect(await press(page, w.continue)).toBe(422);
        await check('made-decision (with errors)');
        await page.getByLabel(w.no, { exact: true }).check();
        await press(page, w.continue);
        expect(new URL(page.url()).pathname).toBe('/agency-response/exit-not-our-decision');
        expect(await h1(page)).toBe(w.headings.exit);
        await check('exit-not-our-decision');
        await page.goto(`${url}/agency-response/made-decision`);
        await check('made-decision');
        await page.getByLabel(w.yes, { exact: true }).check();
        await press(page, w.continue);

        expect(await press(page, w.continue)).toBe(422);
        await check('decision-date (with errors)');
        await page.getByLabel(w.day, { exact: true }).fill('10');
        await page.getByLabel(w.month, { exact: true }).fill('11');
        await page.getByLabel(w.year, { exact: true }).fill('2026');
        await press(page, w.continue);

        expect(new URL(page.url()).pathname).toBe('/agency-response/liaison-officer');
        await check('liaison-officer');
        expect(await press(page, w.continue)).toBe(422);
        await check('liaison-officer (with errors)');
        await page.getByLabel(w.name, { exact: true }).fill('Pat Lee');
        await page.getByLabel(w.role, { exact: true }).fill('Team manager');
        await page.getByLabel(w.email, { exact: true }).fill('pat.lee@example.gov.uk');
        await page.getByLabel(w.phone, { exact: true }).fill('0113 496 0000');
        await press(page, w.continue);

        expect(new URL(page.url()).pathname).toBe('/agency-response/documents');
        await check('documents');
        expect(await press(page, w.continue)).toBe(422);
        await check('documents (with errors)');
        const { name, content } = sampleFile('panel-report.pdf');
        // The file input of the field its label names (with JavaScript, govuk-frontend's drop zone stands in front of it).
        const field = page.locator('.govuk-form-group', { has: page.locator('label', { hasText: w.upload }) });
        await field.locator('input[type="file"]').setInputFiles({ name, mimeType: 'application/pdf', buffer: content });
        expect(await press(page, w.uploadButton)).toBe(200);
        await expect.poll(() => page.getByRole('link', { name }).count()).toBe(1);
        await check('documents (a file listed)');
        await press(page, w.continue);

        expect(new URL(page.url()).pathname).toBe('/agency-response/check-answers');
        expect(await page.locator('main').innerText()).toContain('Pat Lee');
        await check('check-answers');
        await press(page, w.send);

        expect(new URL(page.url()).pathname).toBe('/agency-response/confirmation');
        expect(await page.locator('.govuk-panel__title').innerText()).toBe(w.headings.confirmation);
        expect(await page.locator('main').innerText()).toContain(application.reference);
        await check('confirmation');

        // The link now opens nothing, and says so.
        const dead = await page.goto(href ?? '');
        expect(dead?.status()).toBe(404);
        expect(await h1(page)).toBe(w.headings.notValid);
        await check('link not valid');
      } finally {
        await context.close();
      }
      expect(problems).toEqual([]);
    },
  );
});
