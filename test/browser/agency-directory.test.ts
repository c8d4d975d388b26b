import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DirectoryAgencyNotice } from '../../src/agency-directory/notify-on-submitted.ts';
import { aboutYou, fosteringEligibility, letterOn, theRest } from '../http/answers.ts';
import { csrfTokenIn, splitUploads, startService, type Form, type TestService } from '../http/harness.ts';
import { closeStarted, startApp, type RunningApp } from '../support/app.ts';
import { launchBrowser, openPage, type OpenedPage } from '../support/browser.ts';
import { sampleFile } from '../support/sample-files.ts';

/**
 * The agency picker in Chromium: with JavaScript, accessible-autocomplete
 * used by keyboard alone; without it, the plain select. axe (WCAG 2.2 AA) on
 * the page and its error state either way, and each application goes through.
 */

const DIRECTORY = [
  { name: 'Adopt North', type: 'regional-adoption-agency', notificationEmail: 'irm@adoptnorth.example.org' },
  { name: 'Bright Futures Fostering', type: 'independent-fostering-agency', notificationEmail: 'irm@brightfutures.example.org' },
  { name: 'Kirklees Council', type: 'local-authority', notificationEmail: 'irm@kirklees.example.gov.uk' },
  { name: 'Leeds City Council', type: 'local-authority', notificationEmail: 'irm-notices@leeds.example.gov.uk' },
];
const TYPED_EMAIL = 'fostering@leeds.example.gov.uk';
const beforeTheAgency: ReadonlyArray<readonly [string, Form]> = [
  ...fosteringEligibility,
  ['letter-date', letterOn(10, 11, 2026)],
  ['deadline', {}],
  ...aboutYou,
];
const afterTheAgency: ReadonlyArray<readonly [string, Form]> = [['social-worker', {}], ...theRest];

const notified: DirectoryAgencyNotice[] = [];
let browser: Browser;
let service: TestService;
let running: RunningApp;

beforeAll(async () => {
  browser = await launchBrowser();
  service = await startService({
    notifyAgency: async (_tx, notice) => {
      notified.push(notice);
    },
  });
  await service.store.agencies.replaceAll(DIRECTORY, new Date());
  await service.agencyDirectory.refresh();
  running = await startApp(service.app);
});
afterAll(() => closeStarted(browser, running, service));
beforeEach(() => {
  notified.length = 0;
});

/** Answers pages with the browser context's own session, without drawing them (those pages are checked elsewhere). */
async function answerQuickly(context: BrowserContext, steps: ReadonlyArray<readonly [string, Form]>): Promise<void> {
  for (const [path, form] of steps) {
    const url = `${running.url}/apply/${path}`;
    const csrf = csrfTokenIn(await (await context.request.get(url)).text());
    const { uploads, rest } = splitUploads(form);
    for (const [field, name] of uploads) {
      const file = sampleFile(name);
      const uploaded = await context.request.post(url, {
        multipart: { _csrf: csrf, upload: field, [field]: { name: file.name, mimeType: 'application/pdf', buffer: file.content } },
        maxRedirects: 0,
      });
      expect(uploaded.status(), `upload on ${path}`).toBe(303);
    }
    const fields = Object.fromEntries(
      Object.entries(rest).map(([name, value]) => {
        if (Array.isArray(value)) throw new Error(`${path}: one value per field here`);
        return [name, value];
      }),
    );
    const answered = await context.request.post(url, { form: { _csrf: csrf, ...fields }, maxRedirects: 0 });
    expect(answered.status(), `answer ${path}`).toBe(303);
  }
}

/** Presses the page's Continue (or Accept and send) button and waits for the next page. */
async function pressContinue(page: Page): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the navigation's status is what is checked (a 422 stays on the same URL)
  const [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /^(Continue|Accept and send)$/ }).click()]);
  return response?.status() ?? 0;
}

async function atTheAgencyQuestion(javaScriptEnabled: boolean): Promise<OpenedPage> {
  const opened = await openPage(browser, `${running.url}/apply/decision-about`, { javaScriptEnabled });
  await answerQuickly(opened.context, beforeTheAgency);
  await opened.page.goto(`${running.url}/apply/which-agency`);
  expect(new URL(opened.page.url()).pathname).toBe('/apply/which-agency');
  return opened;
}

function expectNothingBroken(opened: OpenedPage): void {
  expect(opened.cspViolations).toEqual([]);
  // A question sent with an error comes back 422: that is the page, not a broken resource.
  expect(opened.failedResources.filter((resource) => !/\/apply\/[a-z-]+ \(422\)$/.test(resource))).toEqual([]);
  expect(opened.pageErrors).toEqual([]);
}

/** The suggestions the autocomplete shows now. */
const suggestions = (page: Page) => page.locator('#directoryAgency__listbox li[role="option"]').allTextContents();

/** Sends the rest of the application and checks it arrived with the directory's agency, notified at the directory's address. */
async function finish(opened: OpenedPage, agency: { name: string; email: string | undefined }): Promise<void> {
  const { page } = opened;
  await answerQuickly(opened.context, afterTheAgency);
  await page.goto(`${running.url}/apply/check-answers`);
  expect(await page.locator('.govuk-summary-list').first().textContent()).toBeTruthy();
  expect(await page.locator('main').textContent()).toContain(agency.name);
  expect(await pressContinue(page)).toBe(200);
  expect(new URL(page.url()).pathname).toBe('/apply/confirmation');
  const reference = (await page.locator('.app-reference').textContent()) ?? '';
  const application = await service.store.applications.getByReference(reference.trim());
  expect(application?.data).toMatchObject({ agency: { name: agency.name, email: TYPED_EMAIL, source: agency.email ? 'directory' : 'applicant' } });
  expect(notified.map((n) => n.email)).toEqual(agency.email ? [agency.email] : []);
}

describe('picking the agency in a real browser', () => {
  it('with JavaScript: the autocomplete works by keyboard, and the page and its error state pass axe', { timeout: 60_000 }, async () => {
    const opened = await atTheAgencyQuestion(true);
    const { page } = opened;
    try {
      const input = page.locator('input#directoryAgency');
      await input.waitFor({ state: 'visible' });
      expect(await input.getAttribute('class')).toContain('autocomplete__input');
      expect(await page.locator('select#directoryAgency-select').isHidden()).toBe(true);
      // The label names the box the person types in.
      expect(await page.getByLabel('Which agency made the decision?').getAttribute('id')).toBe('directoryAgency');
      expect(await opened.accessibilityViolations()).toEqual([]);

      // Sent empty: the error, its summary link to the box, and the box described by the error.
      expect(await pressContinue(page)).toBe(422);
      await input.waitFor({ state: 'visible' });
      expect(await opened.accessibilityViolations()).toEqual([]);
      await page.locator('.govuk-error-summary a[href="#directoryAgency"]').click();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('directoryAgency');
      const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
      expect(describedBy.split(' ')).toContain('directoryAgency-error');

      // Part of a name: both councils, then "My agency is not listed", whatever is typed.
      await input.pressSequentially('council');
      await expect.poll(() => suggestions(page)).toEqual(['Kirklees Council', 'Leeds City Council', 'My agency is not listed']);
      expect(await opened.accessibilityViolations()).toEqual([]);
      // The first suggestion is highlighted as the person types; the down arrow moves to the next.
      await page.keyboard.press('ArrowDown');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Leeds City Council');
      await page.keyboard.press('Enter');
      expect(await input.inputValue()).toBe('Leeds City Council');
      // Enter again sends the form.
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- the navigation's status is what is checked
      const [sent] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(sent?.status()).toBe(200);
      expect(new URL(page.url()).pathname).toBe('/apply/agency-details');
      expect(await page.locator('h1').textContent()).toContain('What is the agency’s email address?');
      await page.locator('input[name="agencyEmail"]').fill(TYPED_EMAIL);
      expect(await pressContinue(page)).toBe(200);
      expectNothingBroken(opened);
      await finish(opened, { name: 'Leeds City Council', email: 'irm-notices@leeds.example.gov.uk' });
    } finally {
      await opened.close();
    }
  });

  it('with JavaScript: a name not in the list still offers "My agency is not listed", which asks for the details', { timeout: 60_000 }, async () => {
    const opened = await atTheAgencyQuestion(true);
    const { page } = opened;
    try {
      const input = page.locator('input#directoryAgency');
      await input.waitFor({ state: 'visible' });
      await input.pressSequentially('Calderdale');
      await expect.poll(() => suggestions(page)).toEqual(['My agency is not listed']);
      await page.keyboard.press('Enter');
      expect(await input.inputValue()).toBe('My agency is not listed');
      expect(await pressContinue(page)).toBe(200);
      expect(new URL(page.url()).pathname).toBe('/apply/agency-details');
      await page.locator('input[name="agencyName"]').fill('Calderdale Council');
      await page.locator('input[name="agencyType"][value="local-authority"]').check();
      await page.locator('input[name="agencyEmail"]').fill(TYPED_EMAIL);
      expect(await pressContinue(page)).toBe(200);
      expectNothingBroken(opened);
      await finish(opened, { name: 'Calderdale Council', email: undefined });
    } finally {
      await opened.close();
    }
  });

  it('with JavaScript: text that matches no agency is not sent as a choice', { timeout: 60_000 }, async () => {
    const opened = await atTheAgencyQuestion(true);
    const { page } = opened;
    try {
      const input = page.locator('input#directoryAgency');
      await input.waitFor({ state: 'visible' });
      await input.pressSequentially('Adopt');
      await expect.poll(() => suggestions(page)).toEqual(['Adopt North', 'My agency is not listed']);
      await page.keyboard.press('Enter');
      expect(await input.inputValue()).toBe('Adopt North');
      // The person then rubs it out and types something else.
      await input.fill('Somewhere else entirely');
      await page.keyboard.press('Escape');
      expect(await pressContinue(page)).toBe(422);
      expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select the agency that made the decision');
    } finally {
      await opened.close();
    }
  });

  it('without JavaScript: the plain select works, and the page and its error state pass axe', { timeout: 60_000 }, async () => {
    const opened = await atTheAgencyQuestion(false);
    const { page } = opened;
    try {
      const select = page.getByLabel('Which agency made the decision?');
      expect(await select.evaluate((element) => element.tagName)).toBe('SELECT');
      expect(await opened.accessibilityViolations()).toEqual([]);
      expect(await pressContinue(page)).toBe(422);
      expect(await opened.accessibilityViolations()).toEqual([]);
      await page.getByLabel('Which agency made the decision?').selectOption({ label: 'Adopt North' });
      expect(await pressContinue(page)).toBe(200);
      expect(new URL(page.url()).pathname).toBe('/apply/agency-details');
      await page.locator('input[name="agencyEmail"]').fill(TYPED_EMAIL);
      expect(await pressContinue(page)).toBe(200);
      expectNothingBroken(opened);
      await finish(opened, { name: 'Adopt North', email: 'irm@adoptnorth.example.org' });
    } finally {
      await opened.close();
    }
  });
});
