import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { isApiKeyHash, secretProblem, splitSecrets } from '../../src/credential-formats.ts';
import { apiKeyChecker, generateApiKey, hashApiKey } from '../../src/handoff/api-keys.ts';
import { generateSecret } from '../../src/handoff/secrets.ts';
import { createSigner } from '../../src/handoff/signing.ts';
import { loadConfig, ConfigError } from '../../src/config.ts';
import { verifyAt } from './clock.ts';
import { PRODUCTION_SESSION_SECRET } from '../support/secrets.ts';

const secretOf = (bytes: number) => `whsec_${Buffer.alloc(bytes, 7).toString('base64')}`;

describe('webhook secrets', () => {
  it('generates secrets that the standardwebhooks package accepts', () => {
    const secret = generateSecret();
    expect(secretProblem(secret)).toBeUndefined();
    expect(() => new Webhook(secret)).not.toThrow();
    expect(generateSecret()).not.toBe(secret);
  });

  it.each([
    ['abc', 'must start with whsec_'],
    ['whsec_', 'must be whsec_ followed by base64'],
    ['whsec_not base64!', 'must be whsec_ followed by base64'],
    [secretOf(16), 'must hold 24 to 64 bytes after whsec_ (this one holds 16)'],
    [secretOf(65), 'must hold 24 to 64 bytes after whsec_ (this one holds 65)'],
  ])('refuses %s', (secret, problem) => {
    expect(secretProblem(secret)).toBe(problem);
  });

  it('reads several secrets separated by spaces or commas', () => {
    expect(splitSecrets(` ${secretOf(24)}, ${secretOf(32)}  ${secretOf(64)} `)).toEqual([secretOf(24), secretOf(32), secretOf(64)]);
  });
});

describe('createSigner', () => {
  it('signs with each secret, and the package verifies each signature', () => {
    const [a, b] = [generateSecret(), generateSecret()];
    const at = new Date('2026-11-22T12:00:00Z');
    const headers = createSigner([a, b])('msg_1', at, '{"x":1}');
    expect(headers['webhook-timestamp']).toBe(String(at.getTime() / 1000));
    expect(headers['webhook-signature'].split(' ')).toEqual([new Webhook(a).sign('msg_1', at, '{"x":1}'), new Webhook(b).sign('msg_1', at, '{"x":1}')]);
    expect(verifyAt(at, a, '{"x":1}', { ...headers })).toEqual({ x: 1 });
    expect(verifyAt(at, b, '{"x":1}', { ...headers })).toEqual({ x: 1 });
  });

  it('signs a fresh timestamp into each attempt, so a replayed old delivery fails the tolerance check', () => {
    const secret = generateSecret();
    const sent = new Date('2026-11-22T12:00:00Z');
    const headers = createSigner([secret])('msg_1', sent, '{}');
    const tenMinutesLater = new Date(sent.getTime() + 10 * 60_000);
    expect(() => verifyAt(tenMinutesLater, secret, '{}', { ...headers })).toThrow(/too old/);
  });
});

describe('API keys', () => {
  it('makes high-entropy keys whose SHA-256 hash is what the service stores', () => {
    const { key, hash } = generateApiKey();
    expect(key).toMatch(/^irm_[A-Za-z0-9_-]{43}$/);
    expect(hash).toBe(hashApiKey(key));
    expect(isApiKeyHash(hash)).toBe(true);
  });

  it('accepts any key whose hash is listed, so keys can be rotated', () => {
    const [current, next, revoked] = [generateApiKey(), generateApiKey(), generateApiKey()];
    const check = apiKeyChecker([current.hash, next.hash]);
    expect(check(current.key)).toBe(true);
    expect(check(next.key)).toBe(true);
    expect(check(revoked.key)).toBe(false);
    expect(check(current.hash)).toBe(false);
    expect(check('')).toBe(false);
    expect(apiKeyChecker([])(current.key)).toBe(false);
  });
});

describe('hand-off configuration', () => {
  // Only the hand-off's settings: production also wants other services' settings.
  const problemsFor = (env: NodeJS.ProcessEnv): readonly string[] => {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems.filter((p) => /^(PUBLIC_BASE_URL|WORKER_MODE|WEBHOOK_|API_)/.test(p));
      throw error;
    }
    return [];
  };
  const secret = secretOf(32);

  it('delivers nothing and accepts no API key by default, with the worker in the web process', () => {
    expect(loadConfig({}).handoff).toEqual({
      workerMode: 'in-process',
      webhook: undefined,
      timeoutMs: 15_000,
      concurrency: 8,
      pollIntervalMs: 1000,
      apiKeyHashes: [],
      apiRateLimitPerMinute: 300,
      apiAuthFailuresPerMinute: 30,
    });
    expect(loadConfig({ PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
  });

  it('reads every hand-off setting', () => {
    const { hash } = generateApiKey();
    const config = loadConfig({
      PUBLIC_BASE_URL: 'https://apply-irm.example.gov.uk/',
      DATABASE_URL: 'postgres://irm@db.internal:5432/irm',
      WORKER_MODE: 'separate',
      WEBHOOK_URL: 'https://caseworker.example.org.uk/hooks',
      WEBHOOK_SECRET: `${secret}, ${secretOf(24)}`,
      WEBHOOK_TIMEOUT_SECONDS: '20',
      WEBHOOK_CONCURRENCY: '4',
      WEBHOOK_POLL_SECONDS: '5',
      API_KEY_HASHES: `${hash} ${'a'.repeat(64)}`,
      API_RATE_LIMIT_PER_MINUTE: '60',
      API_AUTH_FAILURES_PER_MINUTE: '12',
    });
    expect(config.publicBaseUrl).toBe('https://apply-irm.example.gov.uk');
    expect(config.handoff).toEqual({
      workerMode: 'separate',
      webhook: { url: 'https://caseworker.example.org.uk/hooks', secrets: [secret, secretOf(24)] },
      timeoutMs: 20_000,
      concurrency: 4,
      pollIntervalMs: 5000,
      apiKeyHashes: [hash, 'a'.repeat(64)],
      apiRateLimitPerMinute: 60,
      apiAuthFailuresPerMinute: 12,
    });
  });

  it.each([
    [{ WEBHOOK_URL: 'http://127.0.0.1:9000/hook' }, 'WEBHOOK_SECRET must be set when WEBHOOK_URL is'],
    [{ WEBHOOK_URL: 'ftp://example.org/hook', WEBHOOK_SECRET: secret }, 'WEBHOOK_URL must be an http:// or https:// URL'],
    [{ WEBHOOK_SECRET: `${secret} whsec_short` }, 'WEBHOOK_SECRET item 2 must be whsec_ followed by base64'],
    [{ WORKER_MODE: 'both' }, 'WORKER_MODE must be in-process'],
    [{ WORKER_MODE: 'separate' }, 'WORKER_MODE can be separate only with DATABASE_URL'],
    [{ WEBHOOK_TIMEOUT_SECONDS: '0' }, 'WEBHOOK_TIMEOUT_SECONDS must be a whole number from 1 to 120'],
    [{ API_KEY_HASHES: 'letmein' }, 'API_KEY_HASHES item 1 must be a SHA-256 hash'],
    [
      { PUBLIC_BASE_URL: 'https://apply.example.gov.uk/irm' },
      'PUBLIC_BASE_URL must be the http:// or https:// address the service is reached at, with no path',
    ],
    [
      {
        NODE_ENV: 'production',
        SESSION_SECRET: PRODUCTION_SESSION_SECRET,
        PUBLIC_BASE_URL: 'https://apply-irm.example.gov.uk',
        WEBHOOK_URL: 'http://caseworker.example.org.uk/hook',
        WEBHOOK_SECRET: secret,
      },
      'WEBHOOK_URL must be an https:// URL in production',
    ],
    [
      { NODE_ENV: 'production', SESSION_SECRET: PRODUCTION_SESSION_SECRET, WEBHOOK_URL: 'https://caseworker.example.org.uk/hook', WEBHOOK_SECRET: secret },
      'PUBLIC_BASE_URL must be set in production when WEBHOOK_URL is',
    ],
  ])('explains %j', (env, start) => {
    const problems = problemsFor(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}.*\\(for example `));
  });

  it('never repeats a secret back in its message', () => {
    const leaked = 'whsec_' + 'A'.repeat(10) + '!';
    expect(problemsFor({ WEBHOOK_SECRET: leaked }).join('\n')).not.toContain(leaked);
  });
});
