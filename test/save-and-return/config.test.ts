import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

/** The save-and-return and retention settings: their defaults, and a bad value named with an example. */

function problemsFor(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('the save-and-return settings', () => {
  it('default to 28 days, 5 attempts and hourly limits', () => {
    const config = loadConfig({});
    expect(config.drafts).toEqual({ retentionDays: 28, retentionIntervalMs: 60 * 60_000 });
    expect(config.saveAndReturn).toEqual({ checkMaxAttempts: 5, linksPerEmailPerHour: 5, linksPerIpPerHour: 20, linkOpensPerIpPerHour: 60 });
  });

  it('take whole numbers from the environment', () => {
    const config = loadConfig({
      DRAFT_RETENTION_DAYS: '90',
      RESUME_CHECK_MAX_ATTEMPTS: '3',
      RESUME_LINKS_PER_EMAIL_PER_HOUR: '2',
      RESUME_LINKS_PER_IP_PER_HOUR: '50',
      RESUME_LINK_OPENS_PER_IP_PER_HOUR: '100',
    });
    expect(config.drafts.retentionDays).toBe(90);
    expect(config.saveAndReturn).toEqual({ checkMaxAttempts: 3, linksPerEmailPerHour: 2, linksPerIpPerHour: 50, linkOpensPerIpPerHour: 100 });
  });

  it('refuse values out of range, one line each with an example', () => {
    expect(problemsFor({ DRAFT_RETENTION_DAYS: '3', RESUME_CHECK_MAX_ATTEMPTS: '0', RESUME_LINKS_PER_EMAIL_PER_HOUR: 'lots' })).toEqual([
      'DRAFT_RETENTION_DAYS must be a whole number from 7 to 365, not "3" (for example DRAFT_RETENTION_DAYS=28)',
      'RESUME_CHECK_MAX_ATTEMPTS must be a whole number from 1 to 20, not "0" (for example RESUME_CHECK_MAX_ATTEMPTS=5)',
      'RESUME_LINKS_PER_EMAIL_PER_HOUR must be a whole number from 1 to 1000, not "lots" (for example RESUME_LINKS_PER_EMAIL_PER_HOUR=5)',
    ]);
  });
});
