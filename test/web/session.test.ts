import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { NOTIFY_ENV } from '../support/notify-env.ts';
import { PRODUCTION_SESSION_SECRET } from '../support/secrets.ts';

// Production also insists on a virus scanner for uploads (never contacted here).
const PRODUCTION = { NODE_ENV: 'production', ...NOTIFY_ENV, SESSION_SECRET: PRODUCTION_SESSION_SECRET, TRUST_PROXY: 'loopback', CLAMD_HOST: '127.0.0.1' };

function cookieAttributes(setCookie: string | undefined): { name: string; attributes: Map<string, string> } {
  const [pair = '', ...rest] = (setCookie ?? '').split(';').map((part) => part.trim());
  const attributes = new Map(
    rest.map((attribute) => {
      const [key = '', value = ''] = attribute.split('=');
      return [key.toLowerCase(), value] as [string, string];
    }),
  );
  return { name: pair.split('=')[0] ?? '', attributes };
}

/** The Set-Cookie header for the cookie named `name` (by default the session's, with or without `__Host-`). */
const setCookieOf = (res: request.Response, name = 'irm.sid'): string | undefined => {
  const header: unknown = res.headers['set-cookie'];
  return Array.isArray(header) ? header.map(String).find((c) => c.startsWith(`${name}=`) || c.startsWith(`__Host-${name}=`)) : undefined;
};

/** A page that saves something in the session (as the first answer does), so that the session is stored and its cookie set. */
const begin = express.Router().get('/begin', (req, res) => {
  (req.session as typeof req.session & { begun?: boolean }).begun = true;
  res.type('text').send('begun');
});

describe('the session cookie', () => {
  it('outside production: irm.sid, HttpOnly, SameSite=Lax, whole site, with the configured lifetime', async () => {
    const { app } = createTestApp({ env: { SESSION_MAX_AGE_MINUTES: '20' }, routers: [begin] });
    const before = Date.now();
    const res = await request(app).get('/begin');
    const { name, attributes } = cookieAttributes(setCookieOf(res));
    expect(name).toBe('irm.sid');
    expect(attributes.has('httponly')).toBe(true);
    expect(attributes.get('samesite')).toBe('Lax');
    expect(attributes.get('path')).toBe('/');
    expect(attributes.has('secure')).toBe(false);
    expect(attributes.has('domain')).toBe(false);
    const expires = Date.parse(attributes.get('expires') ?? '');
    expect(expires - before).toBeGreaterThan(19 * 60_000);
    expect(expires - before).toBeLessThanOrEqual(20 * 60_000 + 1000);
  });

  it('in production: __Host- prefixed and Secure, behind a TLS-terminating proxy', async () => {
    const { app } = createTestApp({ env: PRODUCTION, routers: [begin] });
    const res = await request(app).get('/begin').set('X-Forwarded-Proto', 'https');
    const { name, attributes } = cookieAttributes(setCookieOf(res));
    expect(name).toBe('__Host-irm.sid');
    expect(attributes.has('secure')).toBe(true);
    expect(attributes.has('httponly')).toBe(true);
    expect(attributes.get('samesite')).toBe('Lax');
    expect(attributes.get('path')).toBe('/');
    expect(attributes.has('domain')).toBe(false);
  });

  it('in production: never sent over plain HTTP', async () => {
    const { app } = createTestApp({ env: PRODUCTION, routers: [begin] });
    const res = await request(app).get('/begin');
    expect(setCookieOf(res)).toBeUndefined();
  });

  it('is not set for reading pages, nor for choosing a language', async () => {
    const { app, sessionStore } = createTestApp();
    for (const path of ['/', '/?lang=cy', '/cookies?lang=en']) expect(setCookieOf(await request(app).get(path)), path).toBeUndefined();
    await new Promise<void>((resolve) => {
      sessionStore.length((_error, length) => {
        expect(length).toBe(0);
        resolve();
      });
    });
  });

  it('in production: the cookies page names the cookie actually used', async () => {
    const { app } = createTestApp({ env: PRODUCTION });
    const res = await request(app).get('/cookies').set('X-Forwarded-Proto', 'https');
    expect(res.text).toContain('>__Host-irm.sid</th>');
    // And the language and form cookies, which someone without a session gets instead.
    expect(res.text).toContain('>__Host-irm.lang</th>');
    expect(res.text).toContain('>__Host-irm.form</th>');
  });

  it('the language chosen is kept in a cookie of its own: HttpOnly, SameSite=Lax, ending with the browser session', async () => {
    const { app } = createTestApp();
    const agent = request.agent(app);
    const chosen = await agent.get('/?lang=cy').expect(200);
    const { name, attributes } = cookieAttributes(setCookieOf(chosen, 'irm.lang'));
    expect(name).toBe('irm.lang');
    expect(setCookieOf(chosen, 'irm.lang')).toMatch(/^irm\.lang=cy;/);
    expect(attributes.has('httponly')).toBe(true);
    expect(attributes.get('samesite')).toBe('Lax');
    expect(attributes.get('path')).toBe('/');
    expect(attributes.has('expires') || attributes.has('max-age')).toBe(false);
    // The next pages are in Welsh without asking again, and the choice is not set again while it stands.
    const next = await agent.get('/cookies').expect(200);
    expect(next.text).toContain('<html lang="cy"');
    expect(setCookieOf(next, 'irm.lang')).toBeUndefined();
    expect((await agent.get('/cookies?lang=en')).text).toContain('<html lang="en"');
    expect((await agent.get('/contact')).text).toContain('<html lang="en"');
  });

  it('in production the language cookie is __Host- prefixed and Secure', async () => {
    const { app } = createTestApp({ env: PRODUCTION });
    const res = await request(app).get('/?lang=cy').set('X-Forwarded-Proto', 'https');
    const { name, attributes } = cookieAttributes(setCookieOf(res, 'irm.lang'));
    expect(name).toBe('__Host-irm.lang');
    expect(attributes.has('secure')).toBe(true);
  });

  // Answers live in the database, not the session, so without a rolling expiry an
  // active person would be logged out a fixed time after they started.
  it('carries the session across requests and moves its expiry on with each one', async () => {
    const counter = express.Router();
    counter.get('/count', (req, res) => {
      const session = req.session as typeof req.session & { count?: number };
      res.type('text').send(String(session.count ?? 0));
    });
    counter.get('/increment', (req, res) => {
      const session = req.session as typeof req.session & { count?: number };
      session.count = (session.count ?? 0) + 1;
      res.type('text').send(String(session.count));
    });
    const { app } = createTestApp({ routers: [counter] });
    const agent = request.agent(app);
    expect((await agent.get('/increment')).headers['set-cookie']).toBeDefined();
    const read = await agent.get('/count');
    expect(read.text).toBe('1');
    const renewed = (read.get('Set-Cookie') ?? []).join(',');
    expect(renewed).toMatch(/Expires=/);
  });
});
