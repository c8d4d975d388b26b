import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { buildService, type Service } from '../../src/service.ts';
import { startApp, type RunningApp } from '../support/app.ts';
import { launchBrowser, openPage, type OpenedPage } from '../support/browser.ts';

/**
 * The session timeout warning in Chromium, on timings shortened through the
 * configuration: a 30-second session, warned 12 seconds before it ends (the
 * service's own are 30 minutes and 2 minutes).
 */

const IDLE_SECONDS = 30;
const WARNING_SECONDS = 12;
const QUESTION = '/apply/decision-about';
/** The page after it: reached by saving the first answer, which starts the session (reading a page starts none). */
const IN_SESSION = /\/apply\/agency-country$/;
const CONTINUE = { en: 'Continue', cy: 'Parhau' } as const;

const config: Config = {
  ...loadConfig({ NODE_ENV: 'test' }),
  sessionMaxAgeMinutes: IDLE_SECONDS / 60,
  sessionWarningSeconds: WARNING_SECONDS,
};

const DIALOG = 'dialog.app-session-timeout';

/** What a screen reader is told about the focused element, and what the dialog is. */
async function dialogState(page: Page) {
  return page.evaluate((selector) => {
    const dialog = document.querySelector<HTMLDialogElement>(selector);
    const textOf = (id: string | null | undefined) => (id ? document.getElementById(id)?.textContent.replace(/\s+/g, ' ').trim() : undefined);
    return {
      open: dialog?.open ?? false,
      modal: dialog?.matches(':modal') ?? false,
      focused: document.activeElement === dialog,
      role: dialog?.getAttribute('role'),
      name: textOf(dialog?.getAttribute('aria-labelledby')),
      description: textOf(dialog?.getAttribute('aria-describedby')),
    };
  }, DIALOG);
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent.trim());

describe('the session timeout warning in a real browser', () => {
  let browser: Browser;
  let service: Service;
  let running: RunningApp;

  beforeAll(async () => {
    browser = await launchBrowser();
    service = await buildService(config, {
      logger: pino({ level: 'silent' }),
      inMemoryDatabase: true,
      // The store writes each new expiry (within a second), as the short session needs.
      session: { pruneIntervalMs: 0, touchAfterMs: 1000 },
      delivery: false,
    });
    running = await startApp(service.app);
  });

  afterAll(async () => {
    await browser.close();
    await running.close();
    await service.close();
  });

  async function open(path: string, javaScriptEnabled: boolean): Promise<OpenedPage> {
    return openPage(browser, `${running.url}${path}`, { javaScriptEnabled });
  }

  /** The second question, with a session: the first answered (as JavaScript is on, the dialog's timer starts on it). */
  async function openInSession(lang: 'en' | 'cy'): Promise<OpenedPage> {
    const opened = await open(`${QUESTION}?lang=${lang}`, true);
    await opened.page.check('input[value="fostering"]');
    await Promise.all([opened.page.waitForURL(IN_SESSION), opened.page.getByRole('button', { name: CONTINUE[lang] }).click()]);
    return opened;
  }

  function expectNothingBroken(opened: OpenedPage): void {
    expect(opened.cspViolations).toEqual([]);
    expect(opened.failedResources).toEqual([]);
    expect(opened.pageErrors).toEqual([]);
  }

  it(
    'opens before the session ends, takes focus, is announced, keeps focus inside; Escape and "Stay on this page" keep the session',
    { timeout: 120_000 },
    async () => {
      const opened = await openInSession('en');
      const { page } = opened;
      try {
        const loadedAt = Date.now();
        expect(await dialogState(page)).toMatchObject({ open: false });

        await page.waitForSelector(`${DIALOG}[open]`, { timeout: IDLE_SECONDS * 1000 });
        // Not before the warning time (less a second the store may lag by).
        expect(Date.now() - loadedAt).toBeGreaterThanOrEqual((IDLE_SECONDS - WARNING_SECONDS - 2) * 1000);
        expect(await dialogState(page)).toEqual({
          open: true,
          modal: true,
          focused: true,
          role: 'alertdialog',
          name: 'Your session is about to end',
          description:
            'For your security, we will end your session in 1 minute if you do not do anything. If your session ends, you can only get back to your answers with a link we email you. Select ‘Save and come back later’ to get one.',
        });
        expect(await opened.accessibilityViolations()).toEqual([]);

        // Tab goes round the dialog's two controls, both ways.
        await page.keyboard.press('Tab');
        expect(await focusedText(page)).toBe('Stay on this page');
        await page.keyboard.press('Tab');
        expect(await focusedText(page)).toBe('Save and come back later');
        await page.keyboard.press('Tab');
        expect(await focusedText(page)).toBe('Stay on this page');
        await page.keyboard.press('Shift+Tab');
        expect(await focusedText(page)).toBe('Save and come back later');

        // Escape: closed, and the session extended.
        const escaped = page.waitForResponse((response) => response.url().endsWith('/session/extend'));
        await page.keyboard.press('Escape');
        expect((await escaped).status()).toBe(200);
        expect(await dialogState(page)).toMatchObject({ open: false });

        // It comes back before the extended session ends; this time "Stay on this page", by keyboard.
        await page.waitForSelector(`${DIALOG}[open]`, { timeout: IDLE_SECONDS * 1000 });
        await page.keyboard.press('Tab');
        expect(await focusedText(page)).toBe('Stay on this page');
        const stayed = page.waitForResponse((response) => response.url().endsWith('/session/extend'));
        await page.keyboard.press('Enter');
        expect((await stayed).status()).toBe(200);
        expect(await dialogState(page)).toMatchObject({ open: false });

        // Past the time the page first had, the session still lives: the answer is saved.
        expect(Date.now() - loadedAt).toBeGreaterThan(IDLE_SECONDS * 1000);
        await page.check('input[value="england"]');
        await Promise.all([page.waitForURL(/\/apply\/has-letter$/), page.getByRole('button', { name: 'Continue' }).click()]);
        expectNothingBroken(opened);
      } finally {
        await opened.close();
      }
    },
  );

  it('counts activity in another tab: no warning while the session is kept going elsewhere', { timeout: 120_000 }, async () => {
    const opened = await openInSession('en');
    const { page, context } = opened;
    try {
      const loadedAt = Date.now();
      // Another tab of the same browser moves the session on before this page would warn.
      await page.waitForTimeout((IDLE_SECONDS - WARNING_SECONDS - 7) * 1000);
      expect((await context.request.get(`${running.url}/session/extend`)).status()).toBe(200);
      const keptAt = Date.now();

      // This page's own warning time passes with no dialog: it asked the server first.
      await page.waitForTimeout(Math.max(0, loadedAt + (IDLE_SECONDS - WARNING_SECONDS + 3) * 1000 - Date.now()));
      expect(await dialogState(page)).toMatchObject({ open: false });

      // It warns in time for the session as the server has it.
      await page.waitForSelector(`${DIALOG}[open]`, { timeout: IDLE_SECONDS * 1000 });
      expect(Date.now() - keptAt).toBeGreaterThanOrEqual((IDLE_SECONDS - WARNING_SECONDS - 2) * 1000);
      expectNothingBroken(opened);
    } finally {
      await opened.close();
    }
  });

  it('in Welsh: the warning, and when the time runs out, the session-expired page', { timeout: 120_000 }, async () => {
    const opened = await openInSession('cy');
    const { page } = opened;
    try {
      await page.waitForSelector(`${DIALOG}[open]`, { timeout: IDLE_SECONDS * 1000 });
      expect(await dialogState(page)).toMatchObject({
        open: true,
        focused: true,
        role: 'alertdialog',
        name: 'Mae eich sesiwn ar fin dod i ben',
        description: expect.stringContaining('byddwn yn dod â’ch sesiwn i ben ymhen 1 munud') as unknown,
      });
      expect(await page.locator(DIALOG).getByRole('button').textContent()).toContain('Aros ar y dudalen hon');
      expect(await opened.accessibilityViolations()).toEqual([]);

      await page.waitForURL(/\/session-expired\?lang=cy$/, { timeout: IDLE_SECONDS * 1000 });
      expect(await page.getAttribute('html', 'lang')).toBe('cy');
      expect(await page.locator('h1').textContent()).toBe('Mae eich sesiwn wedi dod i ben');
      expect(await opened.accessibilityViolations()).toEqual([]);
      expectNothingBroken(opened);
    } finally {
      await opened.close();
    }
  });

  it.each(['en', 'cy'] as const)('JavaScript off (%s): the time limit is on the question page, no dialog shows, and the pages are accessible', async (lang) => {
    const opened = await open(`${QUESTION}?lang=${lang}`, false);
    const { page } = opened;
    try {
      const limit = lang === 'en' ? 'your session ends if you do not do anything for 0.5 minutes' : 'os na fyddwch yn gwneud unrhyw beth am 0.5 munud';
      expect(await page.locator('main').textContent()).toContain(limit);
      expect(await page.locator(DIALOG).isVisible()).toBe(false);
      expect(await opened.accessibilityViolations()).toEqual([]);

      for (const path of [`/session-expired?lang=${lang}`, `/session/come-back-later?return=${encodeURIComponent(QUESTION)}&lang=${lang}`]) {
        await page.goto(`${running.url}${path}`);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        expect(await opened.accessibilityViolations(), path).toEqual([]);
      }
      expectNothingBroken(opened);
    } finally {
      await opened.close();
    }
  });
});
