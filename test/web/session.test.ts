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

const setCookieOf = (res: request.Response): string | undefined => {
  const header: unknown = res.headers['set-cookie'];
  return Array.isArray(header) ? String(header[0]) : undefined;
};

describe('the session cookie', () => {
  it('outside production: irm.sid, HttpOnly, SameSite=Lax, whole site, with the configured lifetime', async () => {
    const { app } = createTestApp({ env: { SESSION_MAX_AGE_MINUTES: '20' } });
    const before = Date.now();
    const res = await request(app).get('/?lang=cy');
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
    const { app } = createTestApp({ env: PRODUCTION });
    const res = await request(app).get('/?lang=cy').set('X-Forwarded-Proto', 'https');
    const { name, attributes } = cookieAttributes(setCookieOf(res));
    expect(name).toBe('__Host-irm.sid');
    expect(attributes.has('secure')).toBe(true);
    expect(attributes.has('httponly')).toBe(true);
    expect(attributes.get('samesite')).toBe('Lax');
    expect(attributes.get('path')).toBe('/');
    expect(attributes.has('domain')).toBe(false);
  });

  it('in production: never sent over plain HTTP', async () => {
    const { app } = createTestApp({ env: PRODUCTION });
    const res = await request(app).get('/?lang=cy');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('in production: the cookies page names the cookie actually used', async () => {
    const { app } = createTestApp({ env: PRODUCTION });
    const res = await request(app).get('/cookies').set('X-Forwarded-Proto', 'https');
    expect(res.text).toContain('>__Host-irm.sid</th>');
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
