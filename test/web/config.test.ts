import { describe, expect, it } from 'vitest';
import { ConfigError, configWarnings, DEVELOPMENT_SESSION_SECRET, loadConfig, PLACEHOLDER_CONTACT_EMAIL } from '../../src/config.ts';
import { PRODUCTION_SESSION_SECRET } from '../support/secrets.ts';
import { NOTIFY_ENV } from '../support/notify-env.ts';

const STRONG_SECRET = PRODUCTION_SESSION_SECRET;
/** The secret before a rotation: still verifies existing cookies. */
const OLD_SECRET = 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbA';

function problemsFor(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs a developer laptop with no settings at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      isProduction: false,
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      sessionSecrets: [DEVELOPMENT_SESSION_SECRET],
      sessionMaxAgeMinutes: 30,
      sessionAbsoluteHours: 20,
      bankHolidaysExtra: [],
      logLevel: 'info',
      trustProxy: false,
      contact: { email: PLACEHOLDER_CONTACT_EMAIL, isPlaceholder: true },
    });
    expect(config.dataDir).toMatch(/[/\\]data$/);
  });

  it('keeps tests quiet and listens on every interface in production', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).logLevel).toBe('silent');
    expect(loadConfig({ NODE_ENV: 'production', ...NOTIFY_ENV, SESSION_SECRET: STRONG_SECRET, CLAMD_HOST: 'clamav.internal' }).host).toBe('0.0.0.0');
  });

  it('reads every setting', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      ...NOTIFY_ENV,
      PORT: '8080',
      HOST: '10.1.2.3',
      DATABASE_URL: 'postgresql://irm:pw@db:5432/irm',
      DATA_DIR: '/var/lib/irm',
      SESSION_SECRET: `${STRONG_SECRET}, ${OLD_SECRET}`,
      SESSION_MAX_AGE_MINUTES: '45',
      SESSION_ABSOLUTE_HOURS: '12',
      BANK_HOLIDAYS_EXTRA: '2026-06-08, 2025-12-29,2026-06-08',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: '2',
      CONTACT_EMAIL: 'irm@example.org',
      CONTACT_PHONE: '0300 123 4567',
      CLAMD_HOST: 'clamav.internal',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '10.1.2.3',
      databaseUrl: 'postgresql://irm:pw@db:5432/irm',
      dataDir: '/var/lib/irm',
      sessionSecrets: [STRONG_SECRET, OLD_SECRET],
      sessionMaxAgeMinutes: 45,
      sessionAbsoluteHours: 12,
      bankHolidaysExtra: ['2025-12-29', '2026-06-08'],
      logLevel: 'warn',
      trustProxy: 2,
      contact: { email: 'irm@example.org', phone: '0300 123 4567', isPlaceholder: false },
    });
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '  ', TRUST_PROXY: '' })).toMatchObject({ port: 3000, databaseUrl: undefined, trustProxy: false });
  });

  it.each([
    ['true', true],
    ['false', false],
    ['loopback', 'loopback'],
    ['10.0.0.0/8, 192.168.1.1', '10.0.0.0/8,192.168.1.1'],
  ])('reads TRUST_PROXY=%s', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each([
    [{ NODE_ENV: 'staging' }, /^NODE_ENV must be development, test or production \(for example NODE_ENV=production\)$/],
    [{ PORT: 'eighty' }, /^PORT must be a whole number from 0 to 65535, not "eighty" \(for example PORT=3000\)$/],
    [{ PORT: '70000' }, /^PORT must be a whole number/],
    [{ DATABASE_URL: 'mysql://db/irm' }, /^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/],
    [{ SESSION_MAX_AGE_MINUTES: '0' }, /^SESSION_MAX_AGE_MINUTES must be a whole number from 5 to 1440/],
    [{ SESSION_ABSOLUTE_HOURS: '0' }, /^SESSION_ABSOLUTE_HOURS must be a whole number from 1 to 168/],
    [{ BANK_HOLIDAYS_EXTRA: '2026-02-30,26/12/2026' }, /^BANK_HOLIDAYS_EXTRA .*not valid: "2026-02-30", "26\/12\/2026"/],
    [{ LOG_LEVEL: 'verbose' }, /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
    [{ TRUST_PROXY: 'yes please' }, /^TRUST_PROXY must be true, false, a number/],
    [{ CONTACT_EMAIL: 'not an email' }, /^CONTACT_EMAIL must be an email address/],
    [{ CONTACT_PHONE: 'call us' }, /^CONTACT_PHONE must be a phone number/],
  ])('rejects %o with one clear line', (env, message) => {
    const problems = problemsFor(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  describe('SESSION_SECRET in production', () => {
    it.each([
      [undefined, 'must be set in production'],
      [DEVELOPMENT_SESSION_SECRET, 'must not be the development default'],
      ['too-short-secret', 'must be at least 32 random bytes'],
      [`${STRONG_SECRET},short`, 'must be at least 32 random bytes'],
      // Long enough, but not random: the probe's 40 × "a", a pattern, a phrase.
      ['a'.repeat(40), 'must be at least 32 random bytes'],
      ['ab'.repeat(40), 'must be at least 32 random bytes'],
      ['0123456789abcdef'.repeat(4), 'must be at least 32 random bytes'],
      ['correct horse battery staple is a very long passphrase', 'must be at least 32 random bytes'],
      // Hex of only 31 bytes.
      [STRONG_SECRET.slice(0, 62), 'must be at least 32 random bytes'],
    ])('refuses %s', (secret, message) => {
      const problems = problemsFor({ NODE_ENV: 'production', ...NOTIFY_ENV, SESSION_SECRET: secret, CLAMD_HOST: 'clamav.internal' });
      expect(problems).toEqual([expect.stringContaining(`SESSION_SECRET ${message}`)]);
      expect(problems[0]).toContain('openssl rand -hex 32');
    });

    it.each([
      ['hex (openssl rand -hex 32)', PRODUCTION_SESSION_SECRET],
      ['base64 (openssl rand -base64 32)', 'q3JbW9cZ0x7Yh2Lr8UeT5kPn1VaGd4Mf6sXoEiCwByQ='],
      ['base64url', 'q3JbW9cZ0x7Yh2Lr8UeT5kPn1VaGd4Mf6sXoEiCwByQ'],
    ])('accepts 32 random bytes written as %s', (_name, secret) => {
      expect(loadConfig({ NODE_ENV: 'production', ...NOTIFY_ENV, SESSION_SECRET: secret, CLAMD_HOST: 'clamav.internal' }).sessionSecrets).toEqual([secret]);
    });

    it('allows a short secret outside production', () => {
      expect(loadConfig({ SESSION_SECRET: 'short' }).sessionSecrets).toEqual(['short']);
    });
  });

  it('lists every bad setting at once, one line each, in the error message', () => {
    const run = () => loadConfig({ NODE_ENV: 'production', ...NOTIFY_ENV, PORT: 'x', LOG_LEVEL: 'loud', CLAMD_HOST: 'clamav.internal' });
    expect(run).toThrow(ConfigError);
    try {
      run();
    } catch (error) {
      const lines = (error as Error).message.split('\n');
      expect(lines.slice(1)).toEqual([
        expect.stringMatching(/^ {2}- PORT /),
        expect.stringMatching(/^ {2}- LOG_LEVEL /),
        expect.stringMatching(/^ {2}- SESSION_SECRET /),
      ]);
    }
  });

  it('keeps an agency’s link working 10 days after its response was due, or as many as AGENCY_LINK_GRACE_DAYS says', () => {
    expect(loadConfig({}).agency.linkGraceDays).toBe(10);
    expect(loadConfig({ AGENCY_LINK_GRACE_DAYS: '0' }).agency.linkGraceDays).toBe(0);
    expect(loadConfig({ AGENCY_LINK_GRACE_DAYS: '30' }).agency.linkGraceDays).toBe(30);
    for (const bad of ['-1', '91', 'ten', '1.5']) {
      expect(problemsFor({ AGENCY_LINK_GRACE_DAYS: bad })).toEqual([expect.stringMatching(/^AGENCY_LINK_GRACE_DAYS must be a whole number from 0 to 90/)]);
    }
  });
});

describe('configWarnings', () => {
  const production = (env: NodeJS.ProcessEnv = {}) =>
    loadConfig({ NODE_ENV: 'production', ...NOTIFY_ENV, SESSION_SECRET: STRONG_SECRET, CLAMD_HOST: 'clamav.internal', ...env });

  it('warns when production runs without TRUST_PROXY (every form fails behind a TLS proxy)', () => {
    expect(configWarnings(production())).toEqual([expect.stringMatching(/^TRUST_PROXY is not set/)]);
    expect(configWarnings(production({ TRUST_PROXY: '1' }))).toEqual([]);
    // Nothing in front: said on purpose.
    expect(configWarnings(production({ TRUST_PROXY: 'false' }))).toEqual([]);
  });

  it('says nothing outside production', () => {
    expect(configWarnings(loadConfig({}))).toEqual([]);
  });
});
