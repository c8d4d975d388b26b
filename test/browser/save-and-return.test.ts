import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aboutYou, fosteringEligibility, letterOn, theAgency } from '../http/answers.ts';
import { startService, type Form, type TestService } from '../http/harness.ts';
import { accessibilityViolationsOf, launchBrowser } from '../support/browser.ts';
import { sampleFile } from '../support/sample-files.ts';

/**
 * Save and return in Chromium, with JavaScript on and off: part of the
 * journey with an uploaded letter, "Save and come back later", the link read
 * from /dev/emails, opened in a fresh browser (no cookies), the check, and
 * back on the first unanswered step with the letter still there. axe-core
 * (WCAG 2.2 A/AA) on every new page and error state.
 */

const ADDRESS = 'sam@example.com';
const MAX_ATTEMPTS = 2;

const toEvidence: ReadonlyArray<readonly [string, Form]> = [
  ...fosteringEligibility,
  ['letter-date', letterOn(10, 11, 2026)],
  ['deadline', {}],
  ...aboutYou,
  ...theAgency,
  ['decision-details', { decisionDetails: 'The panel said we were not suitable.' }],
  ['disagree-reasons', { disagreeReasons: 'They left out our experience.' }],
];

/** A port nobody is using, so that the service's links (PUBLIC_BASE_URL) can name it before it listens. */
async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

let browser: Browser;
let service: TestService;
let server: Server;
let base: string;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  [browser, service] = await Promise.all([launchBrowser(), startService({ env: { PUBLIC_BASE_URL: base, RESUME_CHECK_MAX_ATTEMPTS: String(MAX_ATTEMPTS) } })]);
  server = service.app.listen(port, '127.0.0.1');
  await once(server, 'listening');
});

afterAll(async () => {
  await browser.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await service.close();
});

/** Presses the button named `button` (or the one `locator` finds), returning the response status of the page it leads to. */
async function press(page: Page, button: string | Locator): Promise<number> {
  const target = typeof button === 'string' ? page.locator('main').getByRole('button', { name: button, exact: true }) : button;
  const [response] = await Promise.all([
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the navigation's status is what is checked, and a 422 stays on the same URL
    page.waitForNavigation(),
    target.click(),
  ]);
  return response?.status() ?? 0;
}

/**
 * Answers a page the quick way, through the browser context's own HTTP client
 * (same cookies, same session): GET it for its CSRF token, post the form.
 */
async function answerQuickly(context: BrowserContext, path: string, form: Form): Promise<void> {
  const page = await context.request.get(`${base}/apply/${path}`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const body = new URLSearchParams({ _csrf: csrf });
  for (const [name, value] of Object.entries(form)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  const res = await context.request.post(`${base}/apply/${path}`, {
    data: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    maxRedirects: 0,
  });
  expect(res.status(), path).toBe(303);
}

/** Fills a page's fields as a person would, then Continue. */
async function answer(page: Page, path: string, form: Form): Promise<void> {
  await page.goto(`${base}/apply/${path}`);
  for (const [name, value] of Object.entries(form)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      const input = page.locator(`main [name="${name}"]`).first();
      const type = await input.getAttribute('type');
      if (type === 'radio' || type === 'checkbox') await page.locator(`main [name="${name}"][value="${v}"]`).check();
      else await input.fill(v);
    }
  }
  expect(await press(page, 'Continue'), path).toBe(200);
}

/** The link in the newest resume-link email to `to`, as /dev/emails shows it, once the email worker has sent it. */
async function linkFromDevEmails(page: Page, to: string, notOneOf: readonly string[] = []): Promise<string> {
  for (let tries = 0; tries < 50; tries += 1) {
    await page.goto(`${base}/dev/emails`);
    const links = await page
      .locator('article', { hasText: to })
      .locator('a[href*="/apply/return/"]')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    const link = links.find((href) => !notOneOf.includes(href));
    if (link) return link;
    await page.waitForTimeout(100);
  }
  throw new Error(`No resume link to ${to} on /dev/emails`);
}

describe.each([
  { js: 'on', javaScriptEnabled: true },
  { js: 'off', javaScriptEnabled: false },
])('save and return in Chromium, JavaScript $js', ({ javaScriptEnabled }) => {
  const contexts: BrowserContext[] = [];
  const freshPage = async (): Promise<Page> => (await freshContext()).newPage();
  const freshContext = async (): Promise<BrowserContext> => {
    const context = await browser.newContext({ javaScriptEnabled });
    contexts.push(context);
    return context;
  };
  afterAll(async () => {
    for (const context of contexts) await context.close();
  });

  it('saves with an uploaded letter, and a fresh browser comes back through the emailed link to where it left off', { timeout: 120_000 }, async () => {
    const problems: string[] = [];
    const check = async (page: Page, label: string): Promise<void> => {
      problems.push(...(await accessibilityViolationsOf(browser, page, javaScriptEnabled)).map((v) => `${label}: ${v}`));
    };

    // Part of the journey (the first pages the quick way, the last two as a person would), and the decision letter uploaded.
    const context = await freshContext();
    for (const [path, form] of toEvidence.slice(0, -2)) await answerQuickly(context, path, form);
    const applying = await context.newPage();
    for (const [path, form] of toEvidence.slice(-2)) await answer(applying, path, form);
    await applying.goto(`${base}/apply/evidence`);
    await applying.locator('main input[type="file"][name="decisionLetter"]').setInputFiles({
      name: 'decision-letter.pdf',
      mimeType: 'application/pdf',
      buffer: sampleFile('decision-letter.pdf').content,
    });
    expect(await press(applying, applying.locator('main form:has(input[name="decisionLetter"]) button.govuk-button'))).toBe(200);
    expect(await applying.locator('main').textContent()).toContain('decision-letter.pdf');

    // "Save and come back later": the save page offers the address given earlier.
    expect(await press(applying, 'Save and come back later')).toBe(200);
    expect(new URL(applying.url()).pathname).toBe('/apply/save');
    expect(await applying.locator('h1').textContent()).toBe('Save your application and come back later');
    expect(await applying.locator('#email').inputValue()).toBe(ADDRESS);
    await check(applying, 'save');
    await applying.locator('#email').fill('');
    expect(await press(applying, 'Send link')).toBe(422);
    expect(await applying.locator('.govuk-error-summary').textContent()).toContain('Enter the email address to send the link to');
    await check(applying, 'save (no address)');
    await applying.locator('#email').fill('sam@');
    expect(await press(applying, 'Send link')).toBe(422);
    await check(applying, 'save (not an address)');
    await applying.locator('#email').fill(ADDRESS);
    expect(await press(applying, 'Send link')).toBe(200);
    expect(await applying.locator('h1').textContent()).toBe('Check your email');
    expect(await applying.locator('main').textContent()).toContain(ADDRESS);
    await check(applying, 'check your email');

    // The link, from the development mailbox, in a browser that has never seen the service.
    const link = await linkFromDevEmails(applying, ADDRESS);
    expect(link.startsWith(`${base}/apply/return/`)).toBe(true);
    const returning = await freshPage();
    const opened = await returning.goto(link);
    expect(opened?.status()).toBe(200);
    expect(await returning.locator('h1').textContent()).toBe('Continue your application');
    await check(returning, 'continue your application');
    await returning.locator('#email').fill('someone.else@example.com');
    expect(await press(returning, 'Continue')).toBe(422);
    expect(await returning.locator('.govuk-error-summary').textContent()).toContain('The email address does not match the one we sent this link to');
    await check(returning, 'continue your application (wrong address)');
    await returning.locator('#email').fill(` ${ADDRESS.toUpperCase()} `);
    expect(await press(returning, 'Continue')).toBe(200);

    // The first unanswered step: the evidence page, the letter still there.
    expect(new URL(returning.url()).pathname).toBe('/apply/evidence');
    expect(await returning.locator('main').textContent()).toContain('decision-letter.pdf');
    await returning.goto(`${base}/apply/applicant-name`);
    expect(await returning.locator('#fullName').inputValue()).toBe('Sam Jones');

    // A new link from the returned session; a stranger with it gets the check wrong until it stops working.
    await returning.goto(`${base}/apply/save`);
    expect(await press(returning, 'Send link')).toBe(200);
    const second = await linkFromDevEmails(returning, ADDRESS, [link]);
    const stranger = await freshPage();
    await stranger.goto(second);
    for (let i = 0; i < MAX_ATTEMPTS - 1; i += 1) {
      await stranger.locator('#email').fill('guess@example.com');
      expect(await press(stranger, 'Continue')).toBe(422);
    }
    await stranger.locator('#email').fill('guess@example.com');
    expect(await press(stranger, 'Continue')).toBe(403);
    expect(await stranger.locator('h1').textContent()).toBe('This link no longer works');
    await check(stranger, 'link stopped');
    expect((await stranger.goto(second))?.status()).toBe(404);
    await check(stranger, 'link not valid');

    expect(problems).toEqual([]);
  });
});
