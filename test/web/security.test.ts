import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { noStore } from '../../src/web/security.ts';
import { createTestApp } from '../support/app.ts';
import { NOTIFY_ENV } from '../support/notify-env.ts';
import { PRODUCTION_SESSION_SECRET } from '../support/secrets.ts';

// Production also insists on a virus scanner for uploads (never contacted here).
const PRODUCTION = { NODE_ENV: 'production', ...NOTIFY_ENV, SESSION_SECRET: PRODUCTION_SESSION_SECRET, CLAMD_HOST: '127.0.0.1' };

function directives(header: string | undefined): Map<string, string[]> {
  return new Map(
    (header ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .flatMap(([name, ...values]) => (name ? [[name, values] as const] : [])),
  );
}

describe('security headers', () => {
  const { app } = createTestApp();

  it('allow scripts only from this site and the one nonce, fresh for every response', async () => {
    const first = await request(app).get('/');
    const second = await request(app).get('/');
    const csp = directives(first.headers['content-security-policy']);
    const scriptSrc = csp.get('script-src') ?? [];
    const nonce = scriptSrc.find((v) => v.startsWith("'nonce-"))?.slice(7, -1);

    expect(scriptSrc).toEqual(["'self'", `'nonce-${nonce ?? ''}'`]);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(first.text).toContain(`<script nonce="${nonce ?? ''}">`);
    expect(second.headers['content-security-policy']).not.toContain(nonce);
    // Our own script is external; no other inline script on the page.
    expect(first.text.match(/<script\b/g)).toHaveLength(2);
    expect(first.text).toMatch(/<script type="module" src="\/assets\/[0-9a-f]{12}\/init\.mjs"><\/script>/);
  });

  it('lock everything else down', async () => {
    const res = await request(app).get('/cookies');
    const csp = directives(res.headers['content-security-policy']);
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.headers['content-security-policy']).not.toContain('unsafe-eval');
    expect(Object.fromEntries(csp)).toMatchObject({
      'default-src': ["'self'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'", 'data:'],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'script-src-attr': ["'none'"],
    });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('send HSTS and upgrade-insecure-requests only in production', async () => {
    const dev = await request(app).get('/');
    expect(dev.headers['strict-transport-security']).toBeUndefined();
    expect(dev.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');

    const { app: production } = createTestApp({ env: PRODUCTION });
    const res = await request(production).get('/');
    expect(res.headers['strict-transport-security']).toMatch(/^max-age=31536000; includeSubDomains$/);
    expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });

  it('are on error pages and static files too', async () => {
    for (const path of ['/no-such-page', '/assets/images/favicon.svg']) {
      const res = await request(app).get(path);
      expect(res.headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options'], path).toBe('nosniff');
    }
  });
});

describe('caching of pages', () => {
  it('lets no shared cache keep a page, and keeps nothing at all where noStore is used', async () => {
    const journey = express.Router();
    journey.get('/apply/name', noStore, (_req, res) => {
      res.type('html').send('<p>your name</p>');
    });
    const { app } = createTestApp({ routers: [journey] });
    expect((await request(app).get('/')).headers['cache-control']).toBe('private, no-cache');
    expect((await request(app).get('/apply/name')).headers['cache-control']).toBe('no-store');
  });
});
