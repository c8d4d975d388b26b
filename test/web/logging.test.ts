import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { redactTokens, requestLogger } from '../../src/web/logging.ts';

function capturingLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('the request log', () => {
  it('never holds a link token, in the path or the query', async () => {
    const { logger, lines } = capturingLogger();
    const app = express();
    app.use(requestLogger(logger));
    app.get('/{*rest}', (_req, res) => res.send('ok'));
    const token = randomBytes(32).toString('base64url');

    await request(app).get(`/agency-response/${token}`);
    await request(app).get(`/return/${token}/check?token=${token}`);

    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toContain(token);
    expect(lines.map((line) => (JSON.parse(line) as { req: { path: string } }).req.path)).toEqual(['/agency-response/[token]', '/return/[token]/check']);
  });

  it('hides whatever follows a link page’s path, even a token cut short or with a character added', () => {
    const token = randomBytes(32).toString('base64url');
    const linkPaths = ['/respond/'];
    expect(redactTokens(`/respond/${token.slice(1)}`, linkPaths)).toBe('/respond/[token]');
    expect(redactTokens(`/respond/${token}x/more`, linkPaths)).toBe('/respond/[token]/more');
    expect(redactTokens('/respond/', linkPaths)).toBe('/respond/');
    expect(redactTokens('/apply/why-you-disagree', linkPaths)).toBe('/apply/why-you-disagree');
    expect(redactTokens(`/other/${token.slice(1)}`, linkPaths)).toBe(`/other/${token.slice(1)}`);
  });

  it('leaves ids and ordinary paths as they are', () => {
    expect(redactTokens('/apply/evidence/0b7a5c2e-3f41-4c1e-9a8d-2f0c6b1d9e77')).toBe('/apply/evidence/0b7a5c2e-3f41-4c1e-9a8d-2f0c6b1d9e77');
    expect(redactTokens('/apply/why-you-disagree')).toBe('/apply/why-you-disagree');
    expect(redactTokens(`/x/${'a'.repeat(42)}`)).toBe(`/x/${'a'.repeat(42)}`);
  });

  it('redacts a token with stray letters after it', () => {
    const token = randomBytes(32).toString('base64url');
    expect(redactTokens(`/apply/return/${token}x`)).toBe('/apply/return/[token]');
    expect(redactTokens(`/apply/return/${token}${token}`)).toBe('/apply/return/[token]');
  });
});
