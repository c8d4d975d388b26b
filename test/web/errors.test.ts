import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';

const SECRET = 'db password is hunter2';

function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

const failing = express.Router();
failing.get('/boom', () => {
  throw new Error(SECRET);
});
failing.get('/async-boom', async () => {
  await Promise.resolve();
  throw new Error(SECRET);
});
failing.get('/teapot', () => {
  throw Object.assign(new Error(SECRET), { status: 418 });
});
failing.get('/gone-missing', () => {
  throw Object.assign(new Error(SECRET), { status: 404 });
});

describe('the error page', () => {
  it.each(['/boom', '/async-boom'])('%s: a 500 that says sorry and gives nothing away', async (path) => {
    const { logger } = capturingLogger();
    const { app } = createTestApp({ routers: [failing], logger });
    const res = await request(app).get(path);
    expect(res.status).toBe(500);
    expect(res.type).toBe('text/html');
    expect(res.text).toMatch(/<h1[^>]*>Sorry, there is a problem with the service<\/h1>/);
    expect(res.text).not.toContain('hunter2');
    expect(res.text).not.toMatch(/Error:|at .*\.ts:\d+/);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('logs the error, with its stack, for the people running the service', async () => {
    const { logger, lines } = capturingLogger();
    const { app } = createTestApp({ routers: [failing], logger });
    await request(app).get('/async-boom?token=abc123').expect(500);
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const error = logged.find((entry) => entry.msg === 'unhandled error');
    expect(error?.err).toMatchObject({ message: SECRET, stack: expect.stringContaining('errors.test.ts') as unknown });
    // Query strings can carry tokens: only the path is logged.
    expect(lines.join('')).not.toContain('abc123');
  });

  it('is in Welsh for a Welsh visitor', async () => {
    const { app } = createTestApp({ routers: [failing] });
    const res = await request(app).get('/boom?lang=cy');
    expect(res.status).toBe(500);
    expect(res.text).toContain('<html lang="cy"');
    expect(res.text).toContain('Mae’n ddrwg gennym, mae problem gyda’r gwasanaeth');
  });

  it('keeps a 4xx status an error carries, with the same page', async () => {
    const { app } = createTestApp({ routers: [failing] });
    const res = await request(app).get('/teapot');
    expect(res.status).toBe(418);
    expect(res.text).toContain('Sorry, there is a problem with the service');
    expect(res.text).not.toContain('hunter2');
  });

  it('shows the not-found page for an error with status 404', async () => {
    const { app } = createTestApp({ routers: [failing] });
    const res = await request(app).get('/gone-missing');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Page not found');
  });

  it('handles a failure before the language is chosen (a form too big to read)', async () => {
    const { app } = createTestApp();
    const res = await request(app)
      .post('/?lang=cy')
      .type('form')
      .send(`field=${'x'.repeat(200 * 1024)}`);
    expect(res.status).toBe(413);
    expect(res.text).toContain('<html lang="cy"');
    expect(res.text).toContain('Mae’n ddrwg gennym, mae problem gyda’r gwasanaeth');
  });
});
