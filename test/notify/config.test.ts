import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { NOTIFY_API_KEY, NOTIFY_ENV, NOTIFY_TEMPLATES } from '../support/notify-env.ts';
import { PRODUCTION_SESSION_SECRET } from '../support/secrets.ts';

const PRODUCTION = { NODE_ENV: 'production', SESSION_SECRET: PRODUCTION_SESSION_SECRET, CLAMD_HOST: 'clamav.internal' };

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('email settings', () => {
  it('default: no Notify (the development mailbox), Notify’s own address, a 10 second timeout, no operator email', () => {
    expect(loadConfig({}).notify).toEqual({
      api: undefined,
      timeoutMs: 10_000,
      templates: {
        applicantConfirmation: undefined,
        agencyNotification: undefined,
        resumeLink: undefined,
        agencyConfirmation: undefined,
        operatorAlert: undefined,
      },
      operatorEmail: undefined,
    });
  });

  it('reads the key, the address, the timeout, every template id and the operator’s address', () => {
    const notify = loadConfig({
      ...NOTIFY_ENV,
      NOTIFY_BASE_URL: 'http://127.0.0.1:6011/',
      NOTIFY_TIMEOUT_SECONDS: '5',
      OPERATOR_EMAIL: 'ops@example.org.uk',
    }).notify;
    expect(notify).toEqual({
      api: { apiKey: NOTIFY_API_KEY, baseUrl: 'http://127.0.0.1:6011' },
      timeoutMs: 5000,
      templates: {
        applicantConfirmation: NOTIFY_TEMPLATES.NOTIFY_TEMPLATE_APPLICANT_CONFIRMATION,
        agencyNotification: NOTIFY_TEMPLATES.NOTIFY_TEMPLATE_AGENCY_NOTIFICATION,
        resumeLink: NOTIFY_TEMPLATES.NOTIFY_TEMPLATE_RESUME_LINK,
        agencyConfirmation: NOTIFY_TEMPLATES.NOTIFY_TEMPLATE_AGENCY_CONFIRMATION,
        operatorAlert: NOTIFY_TEMPLATES.NOTIFY_TEMPLATE_OPERATOR_ALERT,
      },
      operatorEmail: 'ops@example.org.uk',
    });
    expect(loadConfig({ ...NOTIFY_ENV }).notify.api?.baseUrl).toBe('https://api.notifications.service.gov.uk');
  });

  it('with a key, names each missing template id', () => {
    const { NOTIFY_TEMPLATE_RESUME_LINK: _resume, NOTIFY_TEMPLATE_OPERATOR_ALERT: _alert, ...some } = NOTIFY_ENV;
    expect(problemsOf(some)).toEqual([
      expect.stringMatching(/^NOTIFY_TEMPLATE_RESUME_LINK must be set when NOTIFY_API_KEY is .*\(for example NOTIFY_TEMPLATE_RESUME_LINK=/),
      expect.stringMatching(/^NOTIFY_TEMPLATE_OPERATOR_ALERT must be set when NOTIFY_API_KEY is/),
    ]);
  });

  it('production refuses to start without a Notify key, and with one starts', () => {
    expect(problemsOf(PRODUCTION)).toEqual([expect.stringMatching(/^NOTIFY_API_KEY must be set in production/)]);
    expect(problemsOf({ ...PRODUCTION, ...NOTIFY_ENV })).toEqual([]);
  });

  it('refuses malformed values without echoing the key', () => {
    const problems = problemsOf({
      NOTIFY_API_KEY: 'not-a-real-key-secret-value',
      NOTIFY_BASE_URL: 'ftp://notify',
      NOTIFY_TEMPLATE_APPLICANT_CONFIRMATION: 'welcome',
      NOTIFY_TIMEOUT_SECONDS: '0',
      OPERATOR_EMAIL: 'ops',
    });
    expect(problems).toHaveLength(5);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^NOTIFY_API_KEY must be a GOV.UK Notify API key/),
        expect.stringMatching(/^NOTIFY_BASE_URL must be an http/),
        expect.stringMatching(/^NOTIFY_TIMEOUT_SECONDS must be a whole number from 1 to 120/),
        expect.stringMatching(/^NOTIFY_TEMPLATE_APPLICANT_CONFIRMATION must be a GOV.UK Notify template id/),
        expect.stringMatching(/^OPERATOR_EMAIL must be an email address/),
      ]),
    );
    expect(problems.join('\n')).not.toContain('secret-value');
  });
});
