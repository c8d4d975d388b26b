import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirusScanner } from '../../src/evidence/index.ts';
import { healthRoutes } from '../../src/web/health.ts';
import { NOTIFY_ENV } from '../support/notify-env.ts';
import { PRODUCTION_SESSION_SECRET } from '../support/secrets.ts';
import { startService, type TestService } from './harness.ts';

/** A scanner as the upload pipeline sees it, answering while `answers` is true. */
function fakeScanner(): VirusScanner & { answers: boolean } {
  return {
    answers: true,
    description: 'fake clamd',
    scan: async () => ({ result: 'clean' }),
    check: async () => 'ClamAV 1.0.0/27000',
    async ping() {
      if (!this.answers) throw new Error('connect ECONNREFUSED 10.0.0.7:3310');
    },
  };
}

describe('health checks, without a virus scanner', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(async () => {
    await service.close().catch(() => {
      // Some tests close it themselves.
    });
  });

  it('/health/live answers while the process is up, uncached and without a session', async () => {
    const res = await request(service.app).get('/health/live');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('/health/ready is ready when the database answers, and checks no scanner when none is configured', async () => {
    const res = await request(service.app).get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: 'ok' } });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  // Last: it closes the database.
  it('/health/ready is 503 when the database does not answer, while /health/live still answers', async () => {
    await service.store.db.close();
    const ready = await request(service.app).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'unavailable', checks: { database: 'failed' } });
    expect(ready.headers['cache-control']).toBe('no-store');
    expect((await request(service.app).get('/health/live')).status).toBe(200);
  });
});

describe('health checks, with a virus scanner', () => {
  const scanner = fakeScanner();
  let service: TestService;
  beforeAll(async () => {
    service = await startService({ scanner });
  });
  afterAll(async () => {
    await service.close();
  });

  it('/health/ready checks that the scanner answers', async () => {
    scanner.answers = true;
    const res = await request(service.app).get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: 'ok', 'virus-scanner': 'ok' } });
  });

  it('/health/ready is 503 when the scanner does not answer, naming the check and nothing more', async () => {
    scanner.answers = false;
    const res = await request(service.app).get('/health/ready');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'unavailable', checks: { database: 'ok', 'virus-scanner': 'failed' } });
    expect(res.text).not.toContain('10.0.0.7');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('a readiness check that hangs', () => {
  it('counts as failed once the timeout passes: a probe never hangs', async () => {
    const never = (): Promise<void> =>
      new Promise(() => {
        // Never settles: the check must give up at its timeout.
      });
    const app = express().use(healthRoutes({ checks: [{ name: 'slow', run: never }], timeoutMs: 50 }));
    const res = await request(app).get('/health/ready');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'unavailable', checks: { slow: 'failed' } });
  });
});

describe('health checks in production', () => {
  const production = {
    NODE_ENV: 'production',
    ...NOTIFY_ENV,
    NOTIFY_BASE_URL: 'http://127.0.0.1:9',
    SESSION_SECRET: PRODUCTION_SESSION_SECRET,
    CLAMD_HOST: '127.0.0.1',
  };

  it.each([
    [{}, { warnings: ['TRUST_PROXY is not set'] }],
    [{ TRUST_PROXY: '1' }, {}],
  ])('/health/ready with %o names a setting that is probably wrong, still ready', async (env, expected) => {
    const service = await startService({ env: { ...production, ...env }, scanner: fakeScanner() });
    try {
      const res = await request(service.app).get('/health/ready');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', checks: { database: 'ok', 'virus-scanner': 'ok' }, ...expected });
    } finally {
      await service.close();
    }
  });
});
