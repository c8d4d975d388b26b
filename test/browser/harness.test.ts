import express from 'express';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStarted, createTestApp, startApp, type RunningApp } from '../support/app.ts';
import { launchBrowser, openPage } from '../support/browser.ts';

// The page tests pass only if these checks can fail: show that they do.
describe('browser harness', () => {
  let browser: Browser;
  let app: RunningApp;

  beforeAll(async () => {
    const broken = express.Router();
    broken.get('/broken', (_req, res) => {
      res
        .type('html')
        .send(
          '<!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body><main>' +
            '<img src="/assets/images/govuk-icon-180.png">' +
            '<script>document.title = "inline script ran"</script>' +
            '<link rel="stylesheet" href="/assets/missing.css">' +
            '</main></body></html>',
        );
    });
    // Pale grey on white, from a stylesheet: the check must see the page styled, with JavaScript on or off.
    broken.get('/pale.css', (_req, res) => res.type('css').send('p { color: #c8c8c8; background: #ffffff; }'));
    broken.get('/pale', (_req, res) => {
      res
        .type('html')
        .send(
          '<!DOCTYPE html><html lang="en"><head><title>Pale</title><link rel="stylesheet" href="/pale.css"></head>' +
            '<body><main><h1>Pale</h1><p>Hard to read.</p></main></body></html>',
        );
    });
    browser = await launchBrowser();
    app = await startApp(createTestApp({ routers: [broken] }).app);
  });

  afterAll(() => closeStarted(browser, app));

  it.each([true, false])('reports accessibility violations (JavaScript %s)', async (javaScriptEnabled) => {
    const opened = await openPage(browser, `${app.url}/broken`, { javaScriptEnabled });
    try {
      const violations = await opened.accessibilityViolations();
      expect(violations).toHaveLength(1);
      expect(violations[0]).toMatch(/image-alt/);
      expect(violations[0]).toContain('at img');
    } finally {
      await opened.close();
    }
  });

  it.each([true, false])('checks the page as styled by its stylesheets (JavaScript %s)', async (javaScriptEnabled) => {
    // Twice, so the second page is checked in the replay that the first one left (JavaScript off).
    for (const path of ['/broken', '/pale']) {
      const opened = await openPage(browser, `${app.url}${path}`, { javaScriptEnabled });
      try {
        const violations = await opened.accessibilityViolations();
        if (path === '/pale') expect(violations.join('\n')).toMatch(/color-contrast: .*\n {4}at p\n/);
        else expect(violations.join('\n')).not.toMatch(/color-contrast/);
      } finally {
        await opened.close();
      }
    }
  });

  it('reports an inline script the CSP blocked, and missing resources', async () => {
    const opened = await openPage(browser, `${app.url}/broken`, { javaScriptEnabled: true });
    try {
      expect(await opened.page.title()).toBe('Broken');
      expect(opened.cspViolations.join('\n')).toMatch(/script-src/);
      expect(opened.failedResources.join('\n')).toContain(`${app.url}/assets/missing.css`);
    } finally {
      await opened.close();
    }
  });
});
