import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStarted, createTestApp, startApp, type RunningApp } from '../support/app.ts';
import { launchBrowser, openPage } from '../support/browser.ts';

const PAGES = [
  { name: 'start', path: '/', status: 200 },
  { name: 'accessibility statement', path: '/accessibility-statement', status: 200 },
  { name: 'cookies', path: '/cookies', status: 200 },
  { name: 'privacy notice', path: '/privacy-notice', status: 200 },
  { name: 'contact', path: '/contact', status: 200 },
  { name: 'page not found', path: '/no-such-page', status: 404 },
] as const;

const CASES = PAGES.flatMap((page) =>
  (['en', 'cy'] as const).flatMap((lang) =>
    [true, false].map((javaScriptEnabled) => ({ ...page, lang, javaScriptEnabled, js: javaScriptEnabled ? 'on' : 'off' })),
  ),
);

describe('static pages in a real browser', () => {
  let browser: Browser;
  let app: RunningApp;

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await startApp(createTestApp().app);
  });

  afterAll(() => closeStarted(browser, app));

  it.each(CASES)('$name ($lang, JavaScript $js): accessible, styled, nothing blocked', async ({ path, status, lang, javaScriptEnabled }) => {
    const opened = await openPage(browser, `${app.url}${path}?lang=${lang}`, { javaScriptEnabled });
    try {
      expect(opened.status).toBe(status);
      expect(await opened.page.getAttribute('html', 'lang')).toBe(lang);
      expect(await opened.accessibilityViolations()).toEqual([]);
      expect(opened.cspViolations).toEqual([]);
      expect(opened.failedResources).toEqual([]);
      expect(opened.pageErrors).toEqual([]);

      // The stylesheet loaded and applied (GOV.UK's typeface on the heading).
      const font = await opened.page.evaluate(() => getComputedStyle(document.querySelector('h1') ?? document.body).fontFamily);
      expect(font).toContain('GDS Transport');

      const bodyClasses = await opened.page.evaluate(() => [...document.body.classList]);
      if (javaScriptEnabled) {
        // The nonce'd inline snippet ran, and so did init.mjs (initAll marks each component it starts).
        expect(bodyClasses).toContain('govuk-frontend-supported');
        expect(await opened.page.getAttribute('[data-module="govuk-skip-link"]', 'data-govuk-skip-link-init')).toBe('');
      } else {
        expect(bodyClasses).not.toContain('js-enabled');
      }
    } finally {
      await opened.close();
    }
  });
});
