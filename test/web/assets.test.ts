import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ASSET_VERSION } from '../../src/web/assets.ts';
import { createTestApp } from '../support/app.ts';

describe('static assets', () => {
  const { app } = createTestApp();

  it('serves the stylesheet and scripts under a versioned path, cached for a year', async () => {
    const page = await request(app).get('/');
    const css = /<link rel="stylesheet" href="([^"]+)">/.exec(page.text)?.[1];
    expect(css).toBe(`/assets/${ASSET_VERSION}/govuk-frontend.min.css`);

    for (const [path, type] of [
      [`/assets/${ASSET_VERSION}/govuk-frontend.min.css`, 'text/css'],
      [`/assets/${ASSET_VERSION}/govuk-frontend.min.js`, /javascript/],
      [`/assets/${ASSET_VERSION}/init.mjs`, /javascript/],
    ] as const) {
      const res = await request(app).get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type'], path).toMatch(type);
      expect(res.headers['cache-control'], path).toBe('public, max-age=31536000, immutable');
    }
  });

  it('gives an old version’s page today’s file, but not for keeps', async () => {
    const res = await request(app).get('/assets/000000000000/govuk-frontend.min.css');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('starts govuk-frontend from our own module, next to the bundle', async () => {
    const res = await request(app).get(`/assets/${ASSET_VERSION}/init.mjs`);
    expect(res.text).toContain("import { createAll, initAll } from './govuk-frontend.min.js';");
    expect(res.text).toContain('initAll()');
    // The session timeout warning, a govuk-frontend component of our own, from the same versioned folder.
    expect(res.text).toContain("import { SessionTimeout } from './session-timeout.mjs';");
    expect(res.text).toContain('createAll(SessionTimeout)');
    const timeout = await request(app).get(`/assets/${ASSET_VERSION}/session-timeout.mjs`);
    expect(timeout.status).toBe(200);
    expect(timeout.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await request(app).get(`/assets/${ASSET_VERSION}/session-timeout.css`)).status).toBe(200);
  });

  it('serves the select autocomplete, accessible-autocomplete’s files and their stylesheets from the versioned folder, loaded only where needed', async () => {
    const init = await request(app).get(`/assets/${ASSET_VERSION}/init.mjs`);
    expect(init.text).toContain('if (document.querySelector(\'[data-module="app-select-autocomplete"]\'))');
    expect(init.text).toContain("import('./select-autocomplete.mjs')");
    const component = await request(app).get(`/assets/${ASSET_VERSION}/select-autocomplete.mjs`);
    expect(component.text).toContain("import './accessible-autocomplete.min.js';");
    for (const [file, type] of [
      ['select-autocomplete.mjs', /javascript/],
      ['select-autocomplete.css', 'text/css'],
      ['accessible-autocomplete.min.js', /javascript/],
      ['accessible-autocomplete.min.css', 'text/css'],
    ] as const) {
      const res = await request(app).get(`/assets/${ASSET_VERSION}/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers['content-type'], file).toMatch(type);
      expect(res.headers['cache-control'], file).toBe('public, max-age=31536000, immutable');
    }
    // Pages without such a select load none of it.
    const start = await request(app).get('/');
    expect(start.text).not.toContain('autocomplete');
  });

  it('serves govuk-frontend’s fonts (hashed names: immutable) and images', async () => {
    const font = await request(app).get('/assets/fonts/bold-b542beb274-v2.woff2');
    expect(font.status).toBe(200);
    expect(font.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await request(app).get('/assets/images/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toMatch(/image\/svg\+xml/);
  });

  it('serves nothing else from govuk-frontend’s package', async () => {
    await request(app).get(`/assets/${ASSET_VERSION}/all.mjs`).expect(404);
    await request(app).get('/assets/../package.json').expect(404);
  });
});
