import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { hashedKey, pageRateLimit } from '../../src/web/rate-limits.ts';
import { createTestApp } from '../support/app.ts';

/** The service's app with one limited page, GET /limited?email=… (a GET: no CSRF token needed here). */
function appWith(limit: ReturnType<typeof pageRateLimit>) {
  const router = express.Router();
  router.get('/limited', limit, (_req, res) => res.send('done'));
  return createTestApp({ routers: [router] }).app;
}

describe('page rate limits', () => {
  it('let the allowed number through, then show the GOV.UK page with 429', async () => {
    const app = appWith(pageRateLimit({ windowMs: 10 * 60_000, limit: 2 }));
    expect((await request(app).get('/limited')).text).toBe('done');
    expect((await request(app).get('/limited')).text).toBe('done');
    const refused = await request(app).get('/limited');
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('You have tried too many times');
    expect(refused.text).toContain('Wait 10 minutes, then try again.');
    expect(refused.headers['cache-control']).toBe('no-store');
  });

  it('count by the key given (a hashed email address), whatever the address', async () => {
    const app = appWith(
      pageRateLimit({ windowMs: 60_000, limit: 1, key: (req) => (typeof req.query.email === 'string' ? hashedKey(req.query.email) : undefined) }),
    );
    expect((await request(app).get('/limited').query({ email: 'a@example.com' })).status).toBe(200);
    expect((await request(app).get('/limited').query({ email: ' A@example.com ' })).status).toBe(429);
    expect((await request(app).get('/limited').query({ email: 'b@example.com' })).status).toBe(200);
    // Not counted without the field.
    expect((await request(app).get('/limited')).status).toBe(200);
    expect((await request(app).get('/limited')).status).toBe(200);
  });

  it('answer in Welsh', async () => {
    const app = appWith(pageRateLimit({ windowMs: 60_000, limit: 0 }));
    const refused = await request(app).get('/limited?lang=cy');
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('Rydych wedi rhoi cynnig arni ormod o weithiau');
  });

  it('hash keys so that no email address is held', () => {
    expect(hashedKey(' Ada@Example.com')).toBe(hashedKey('ada@example.com'));
    expect(hashedKey('ada@example.com')).toMatch(/^[0-9a-f]{64}$/);
  });
});
