import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { isApiKeyHash, secretProblem, sessionSecretProblem, splitSecrets } from './credential-formats.ts';

/**
 * Everything the service reads from its environment, checked in one place so a
 * bad deployment fails at start-up with a message an operator can act on,
 * rather than half-working.
 *
 * Blank values count as unset: container env files often carry `NAME=`.
 */

/** Signs session cookies outside production only; production refuses it. */
export const DEVELOPMENT_SESSION_SECRET = 'development-only-session-secret-never-use-in-production';

/**
 * Fictional contact details (Ofcom reserves 020 7946 0xxx for drama; example.com
 * is reserved) shown until CONTACT_EMAIL and CONTACT_PHONE are set, so nobody
 * can mistake them for real ones.
 */
export const PLACEHOLDER_CONTACT_EMAIL = 'help@example.com';
export const PLACEHOLDER_CONTACT_PHONE = '020 7946 0000';

/** Shown after each problem, so the fix is one copy-paste away. */
const EXAMPLES = {
  NODE_ENV: 'NODE_ENV=production',
  PORT: 'PORT=3000',
  HOST: 'HOST=0.0.0.0',
  DATABASE_URL: 'DATABASE_URL=postgres://user:password@db.internal:5432/irm',
  DATA_DIR: 'DATA_DIR=/var/lib/irm',
  SESSION_SECRET: 'SESSION_SECRET=$(openssl rand -hex 32)',
  SESSION_MAX_AGE_MINUTES: 'SESSION_MAX_AGE_MINUTES=30',
  SESSION_ABSOLUTE_HOURS: 'SESSION_ABSOLUTE_HOURS=20',
  BANK_HOLIDAYS_EXTRA: 'BANK_HOLIDAYS_EXTRA=2026-06-08,2026-09-21',
  LOG_LEVEL: 'LOG_LEVEL=info',
  TRUST_PROXY: 'TRUST_PROXY=1',
  CONTACT_EMAIL: 'CONTACT_EMAIL=irm.enquiries@example.org.uk',
  CONTACT_PHONE: 'CONTACT_PHONE=0300 123 4567',
  CLAMD_HOST: 'CLAMD_HOST=clamav.internal',
  CLAMD_PORT: 'CLAMD_PORT=3310',
  CLAMD_SOCKET: 'CLAMD_SOCKET=/run/clamav/clamd.ctl',
  CLAMD_TIMEOUT_SECONDS: 'CLAMD_TIMEOUT_SECONDS=60',
  UPLOAD_MAX_FILE_MB: 'UPLOAD_MAX_FILE_MB=10',
  UPLOAD_MAX_FILES: 'UPLOAD_MAX_FILES=10',
  UPLOAD_TEMP_DIR: 'UPLOAD_TEMP_DIR=/var/tmp/irm-uploads',
  PUBLIC_BASE_URL: 'PUBLIC_BASE_URL=https://apply-irm.example.gov.uk',
  WORKER_MODE: 'WORKER_MODE=separate',
  WEBHOOK_URL: 'WEBHOOK_URL=https://caseworker.example.org.uk/webhooks/irm',
  WEBHOOK_SECRET: 'WEBHOOK_SECRET="whsec_<new secret from npm run ops -- new-webhook-secret> whsec_<old secret>"',
  WEBHOOK_TIMEOUT_SECONDS: 'WEBHOOK_TIMEOUT_SECONDS=15',
  WEBHOOK_CONCURRENCY: 'WEBHOOK_CONCURRENCY=8',
  WEBHOOK_POLL_SECONDS: 'WEBHOOK_POLL_SECONDS=1',
  API_KEY_HASHES: 'API_KEY_HASHES=<the hash printed by npm run ops -- new-api-key>,<another>',
  API_RATE_LIMIT_PER_MINUTE: 'API_RATE_LIMIT_PER_MINUTE=300',
  API_AUTH_FAILURES_PER_MINUTE: 'API_AUTH_FAILURES_PER_MINUTE=30',
  NOTIFY_API_KEY: 'NOTIFY_API_KEY=<the key from GOV.UK Notify: name-serviceid-secret>',
  NOTIFY_BASE_URL: 'NOTIFY_BASE_URL=https://api.notifications.service.gov.uk',
  NOTIFY_TIMEOUT_SECONDS: 'NOTIFY_TIMEOUT_SECONDS=10',
  NOTIFY_TEMPLATE_APPLICANT_CONFIRMATION: 'NOTIFY_TEMPLATE_APPLICANT_CONFIRMATION=<template id from GOV.UK Notify>',
  NOTIFY_TEMPLATE_AGENCY_NOTIFICATION: 'NOTIFY_TEMPLATE_AGENCY_NOTIFICATION=<template id from GOV.UK Notify>',
  NOTIFY_TEMPLATE_RESUME_LINK: 'NOTIFY_TEMPLATE_RESUME_LINK=<template id from GOV.UK Notify>',
  NOTIFY_TEMPLATE_AGENCY_CONFIRMATION: 'NOTIFY_TEMPLATE_AGENCY_CONFIRMATION=<template id from GOV.UK Notify>',
  NOTIFY_TEMPLATE_OPERATOR_ALERT: 'NOTIFY_TEMPLATE_OPERATOR_ALERT=<template id from GOV.UK Notify>',
  OPERATOR_EMAIL: 'OPERATOR_EMAIL=irm-service-team@example.org.uk',
  DRAFT_RETENTION_DAYS: 'DRAFT_RETENTION_DAYS=28',
  APPLICATION_RETENTION_DAYS: 'APPLICATION_RETENTION_DAYS=30',
  DELIVERY_LOG_RETENTION_DAYS: 'DELIVERY_LOG_RETENTION_DAYS=90',
  RESUME_CHECK_MAX_ATTEMPTS: 'RESUME_CHECK_MAX_ATTEMPTS=5',
  RESUME_LINKS_PER_EMAIL_PER_HOUR: 'RESUME_LINKS_PER_EMAIL_PER_HOUR=5',
  RESUME_LINKS_PER_IP_PER_HOUR: 'RESUME_LINKS_PER_IP_PER_HOUR=20',
  RESUME_LINK_OPENS_PER_IP_PER_HOUR: 'RESUME_LINK_OPENS_PER_IP_PER_HOUR=60',
  ANONYMOUS_POSTS_PER_IP_PER_HOUR: 'ANONYMOUS_POSTS_PER_IP_PER_HOUR=100',
  AGENCY_LINK_GRACE_DAYS: 'AGENCY_LINK_GRACE_DAYS=10',
} as const;

/** One Notify template per email the service sends; the variable that holds its id. */
export const NOTIFY_TEMPLATE_SETTINGS = {
  applicantConfirmation: 'NOTIFY_TEMPLATE_APPLICANT_CONFIRMATION',
  agencyNotification: 'NOTIFY_TEMPLATE_AGENCY_NOTIFICATION',
  resumeLink: 'NOTIFY_TEMPLATE_RESUME_LINK',
  agencyConfirmation: 'NOTIFY_TEMPLATE_AGENCY_CONFIRMATION',
  operatorAlert: 'NOTIFY_TEMPLATE_OPERATOR_ALERT',
} as const satisfies Record<string, EnvName>;
export type NotifyTemplateName = keyof typeof NOTIFY_TEMPLATE_SETTINGS;

const NOTIFY_API = 'https://api.notifications.service.gov.uk';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** A Notify API key: `{key name}-{service id}-{secret}`, the last two UUIDs. */
const NOTIFY_KEY = new RegExp(`^.+-${UUID}-${UUID}$`, 'i');
const TEMPLATE_ID = new RegExp(`^${UUID}$`, 'i');

type EnvName = keyof typeof EXAMPLES;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const TRUST_PROXY_KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);

const blankAsUnset = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};

const setting = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsUnset, schema);

const templateId = setting(z.string().regex(TEMPLATE_ID, 'must be a GOV.UK Notify template id (a UUID)').optional());

const wholeNumber = (min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return fallback;
      const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
      if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}, not "${value}"` });
        return z.NEVER;
      }
      return parsed;
    });

const isRealIsoDate = (value: string): boolean => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

const isCidrOrIp = (value: string): boolean => {
  const [address, prefix, ...rest] = value.split('/');
  if (address === undefined || rest.length > 0) return false;
  const version = isIP(address);
  if (version === 0) return false;
  if (prefix === undefined) return true;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
  return bits >= 0 && bits <= (version === 4 ? 32 : 128);
};

const httpUrl = (value: string): URL | undefined => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? url : undefined;
  } catch {
    return undefined;
  }
};

/** A list separated by commas or spaces, each item checked; an empty list is unset. */
const listOf = (problemOf: (item: string) => string | undefined, split: (value: string) => string[]) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return [];
      const items = split(value);
      for (const [index, item] of items.entries()) {
        const problem = problemOf(item);
        if (problem) {
          // Never echo a secret back: name its position instead.
          ctx.addIssue({ code: 'custom', message: `item ${index + 1} ${problem}` });
          return z.NEVER;
        }
      }
      return [...new Set(items)];
    });

const envSchema = z
  .object({
    NODE_ENV: setting(z.enum(['development', 'test', 'production'], { error: 'must be development, test or production' }).default('development')),
    PORT: setting(wholeNumber(0, 65_535, 3000)),
    HOST: setting(z.string().optional()),
    DATABASE_URL: setting(
      z
        .string()
        .optional()
        .refine((value) => {
          if (value === undefined) return true;
          try {
            const url = new URL(value);
            return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
          } catch {
            return false;
          }
        }, 'must be a postgres:// or postgresql:// URL with a host'),
    ),
    DATA_DIR: setting(z.string().default('./data')),
    SESSION_SECRET: setting(z.string().optional()),
    SESSION_MAX_AGE_MINUTES: setting(wholeNumber(5, 24 * 60, 30)),
    SESSION_ABSOLUTE_HOURS: setting(wholeNumber(1, 7 * 24, 20)),
    BANK_HOLIDAYS_EXTRA: setting(
      z
        .string()
        .optional()
        .transform((value, ctx) => {
          if (value === undefined) return [];
          const dates = value
            .split(',')
            .map((item) => item.trim())
            .filter((item) => item !== '');
          const bad = dates.filter((date) => !isRealIsoDate(date));
          if (bad.length > 0) {
            ctx.addIssue({
              code: 'custom',
              message: `must be a comma-separated list of real dates written YYYY-MM-DD; not valid: ${bad.map((d) => `"${d}"`).join(', ')}`,
            });
            return z.NEVER;
          }
          return [...new Set(dates)].sort();
        }),
    ),
    LOG_LEVEL: setting(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).optional()),
    TRUST_PROXY: setting(
      z
        .string()
        .optional()
        .transform((value, ctx): boolean | number | string | undefined => {
          if (value === undefined) return undefined;
          if (value === 'false') return false;
          if (value === 'true') return true;
          if (/^\d+$/.test(value)) return Number(value);
          const entries = value.split(',').map((item) => item.trim());
          if (entries.every((entry) => TRUST_PROXY_KEYWORDS.has(entry) || isCidrOrIp(entry))) return entries.join(',');
          ctx.addIssue({
            code: 'custom',
            message: `must be true, false, a number of proxy hops, or a comma-separated list of IP addresses, subnets or loopback/linklocal/uniquelocal; not "${value}"`,
          });
          return z.NEVER;
        }),
    ),
    CONTACT_EMAIL: setting(z.email({ error: 'must be an email address' }).optional()),
    CONTACT_PHONE: setting(
      z
        .string()
        .regex(/^\+?[\d ()-]{7,20}$/, 'must be a phone number of digits and spaces')
        .optional(),
    ),
    CLAMD_HOST: setting(
      z
        .string()
        .regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be the host name or IP address of clamd (no scheme or port)')
        .optional(),
    ),
    CLAMD_PORT: setting(wholeNumber(1, 65_535, 3310)),
    CLAMD_SOCKET: setting(
      z
        .string()
        .optional()
        .refine((value) => value === undefined || path.isAbsolute(value), "must be the absolute path of clamd's unix socket"),
    ),
    CLAMD_TIMEOUT_SECONDS: setting(wholeNumber(1, 600, 60)),
    // clamd refuses streams over its StreamMaxLength (25 MB unless raised): keep this below it.
    UPLOAD_MAX_FILE_MB: setting(wholeNumber(1, 100, 10)),
    UPLOAD_MAX_FILES: setting(wholeNumber(1, 100, 10)),
    UPLOAD_TEMP_DIR: setting(z.string().optional()),
    PUBLIC_BASE_URL: setting(
      z
        .string()
        .optional()
        .refine((value) => {
          if (value === undefined) return true;
          const url = httpUrl(value);
          return url?.search === '' && url.hash === '' && (url.pathname === '/' || url.pathname === '');
        }, 'must be the http:// or https:// address the service is reached at, with no path')
        .transform((value) => value?.replace(/\/+$/, '')),
    ),
    WORKER_MODE: setting(
      z
        .enum(['in-process', 'separate'], { error: 'must be in-process (the web process delivers webhooks) or separate (npm run worker does)' })
        .default('in-process'),
    ),
    WEBHOOK_URL: setting(
      z
        .string()
        .optional()
        .refine((value) => value === undefined || httpUrl(value) !== undefined, 'must be an http:// or https:// URL'),
    ),
    WEBHOOK_SECRET: setting(listOf(secretProblem, splitSecrets)),
    WEBHOOK_TIMEOUT_SECONDS: setting(wholeNumber(1, 120, 15)),
    WEBHOOK_CONCURRENCY: setting(wholeNumber(1, 64, 8)),
    WEBHOOK_POLL_SECONDS: setting(wholeNumber(1, 300, 1)),
    API_KEY_HASHES: setting(
      listOf(
        (item) => (isApiKeyHash(item) ? undefined : 'must be a SHA-256 hash in 64 lower-case hex digits'),
        (value) => value.split(/[\s,]+/).filter((item) => item !== ''),
      ),
    ),
    API_RATE_LIMIT_PER_MINUTE: setting(wholeNumber(1, 100_000, 300)),
    API_AUTH_FAILURES_PER_MINUTE: setting(wholeNumber(1, 100_000, 30)),
    // Never echoed back: the message names the shape only.
    NOTIFY_API_KEY: setting(
      z.string().regex(NOTIFY_KEY, 'must be a GOV.UK Notify API key: its name, the service id and the secret, joined by hyphens').optional(),
    ),
    NOTIFY_BASE_URL: setting(
      z
        .string()
        .default(NOTIFY_API)
        .refine((value) => httpUrl(value) !== undefined, 'must be an http:// or https:// URL')
        .transform((value) => value.replace(/\/+$/, '')),
    ),
    NOTIFY_TIMEOUT_SECONDS: setting(wholeNumber(1, 120, 10)),
    NOTIFY_TEMPLATE_APPLICANT_CONFIRMATION: templateId,
    NOTIFY_TEMPLATE_AGENCY_NOTIFICATION: templateId,
    NOTIFY_TEMPLATE_RESUME_LINK: templateId,
    NOTIFY_TEMPLATE_AGENCY_CONFIRMATION: templateId,
    NOTIFY_TEMPLATE_OPERATOR_ALERT: templateId,
    OPERATOR_EMAIL: setting(z.email({ error: 'must be an email address' }).optional()),
    DRAFT_RETENTION_DAYS: setting(wholeNumber(7, 365, 28)),
    // Days a sent application is kept once the caseworker system has it all (delivered and downloaded).
    APPLICATION_RETENTION_DAYS: setting(wholeNumber(1, 3650, 30)),
    // Days webhook and email attempts, and emails sent, are kept.
    DELIVERY_LOG_RETENTION_DAYS: setting(wholeNumber(7, 3650, 90)),
    RESUME_CHECK_MAX_ATTEMPTS: setting(wholeNumber(1, 20, 5)),
    RESUME_LINKS_PER_EMAIL_PER_HOUR: setting(wholeNumber(1, 1000, 5)),
    RESUME_LINKS_PER_IP_PER_HOUR: setting(wholeNumber(1, 100_000, 20)),
    RESUME_LINK_OPENS_PER_IP_PER_HOUR: setting(wholeNumber(1, 100_000, 60)),
    // Forms sent without a session (each may start a session and a draft), per client address.
    ANONYMOUS_POSTS_PER_IP_PER_HOUR: setting(wholeNumber(1, 100_000, 100)),
    // Calendar days an agency's link keeps working after its response was due.
    AGENCY_LINK_GRACE_DAYS: setting(wholeNumber(0, 90, 10)),
  })
  .superRefine(
    (env, ctx) => {
      if (env.NODE_ENV !== 'production') return;
      const secrets = env.SESSION_SECRET?.split(',').map((s) => s.trim());
      let problem: string | undefined;
      if (secrets === undefined) problem = 'must be set in production';
      else if (secrets.includes(DEVELOPMENT_SESSION_SECRET)) problem = 'must not be the development default in production';
      else problem = secrets.map(sessionSecretProblem).find((p) => p !== undefined);
      if (problem) ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: problem });
    },
    {
      // Run even when other settings are bad, so every problem is listed at once.
      // Only NODE_ENV and SESSION_SECRET are read, and both are plain strings here.
      when: () => true,
    },
  )
  .superRefine(
    (env, ctx) => {
      // Settings that only make sense together. Values that failed their own
      // check are skipped here: they already have a problem listed.
      if (env.WORKER_MODE === 'separate' && env.DATABASE_URL === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['WORKER_MODE'],
          message: 'can be separate only with DATABASE_URL (a separate worker cannot share the embedded PGlite database); use in-process',
        });
      }
      const webhookUrl = typeof env.WEBHOOK_URL === 'string' ? httpUrl(env.WEBHOOK_URL) : undefined;
      if (!webhookUrl) return;
      if (Array.isArray(env.WEBHOOK_SECRET) && env.WEBHOOK_SECRET.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['WEBHOOK_SECRET'], message: 'must be set when WEBHOOK_URL is (deliveries are always signed)' });
      }
      if (env.NODE_ENV !== 'production') return;
      if (webhookUrl.protocol !== 'https:') {
        ctx.addIssue({ code: 'custom', path: ['WEBHOOK_URL'], message: 'must be an https:// URL in production' });
      }
      if (env.PUBLIC_BASE_URL === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['PUBLIC_BASE_URL'],
          message: 'must be set in production when WEBHOOK_URL is (events carry links back to the service)',
        });
      }
    },
    {
      // Run even when other settings are bad, so every problem is listed at once;
      // each value read is type-checked above before it is used.
      when: () => true,
    },
  )
  .superRefine(
    (env, ctx) => {
      // Every upload is scanned before it is accepted: production never runs without a scanner.
      const host = typeof env.CLAMD_HOST === 'string' ? env.CLAMD_HOST : undefined;
      const socket = typeof env.CLAMD_SOCKET === 'string' ? env.CLAMD_SOCKET : undefined;
      if (host !== undefined && socket !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['CLAMD_SOCKET'], message: 'must not be set together with CLAMD_HOST: set one way to reach clamd' });
      }
      if (env.NODE_ENV === 'production' && host === undefined && socket === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['CLAMD_HOST'],
          message: 'must be set in production (or CLAMD_SOCKET): every uploaded file is virus-scanned by clamd before it is accepted',
        });
      }
    },
    {
      // Run even when other settings are bad, so every problem is listed at once.
      when: () => true,
    },
  )
  .superRefine(
    (env, ctx) => {
      // Emails go through GOV.UK Notify in production; elsewhere, without a key,
      // they are kept in the database for /dev/emails.
      if (env.NOTIFY_API_KEY === undefined) {
        if (env.NODE_ENV === 'production') {
          ctx.addIssue({ code: 'custom', path: ['NOTIFY_API_KEY'], message: 'must be set in production: emails are sent through GOV.UK Notify' });
        }
        return;
      }
      // A malformed key already has its problem listed.
      if (typeof env.NOTIFY_API_KEY !== 'string' || !NOTIFY_KEY.test(env.NOTIFY_API_KEY)) return;
      for (const name of Object.values(NOTIFY_TEMPLATE_SETTINGS)) {
        if (env[name] === undefined) {
          ctx.addIssue({ code: 'custom', path: [name], message: 'must be set when NOTIFY_API_KEY is (each email has its own Notify template)' });
        }
      }
    },
    {
      // Run even when other settings are bad, so every problem is listed at once.
      when: () => true,
    },
  )
  .transform((env) => {
    const isProduction = env.NODE_ENV === 'production';
    return {
      nodeEnv: env.NODE_ENV,
      isProduction,
      port: env.PORT,
      // Loopback outside production so a laptop never exposes the dev server;
      // every interface in production, where a container or proxy sits in front.
      host: env.HOST ?? (isProduction ? '0.0.0.0' : '127.0.0.1'),
      databaseUrl: env.DATABASE_URL,
      dataDir: path.resolve(env.DATA_DIR),
      // Several secrets, comma-separated, let a secret be rotated: the first
      // signs new cookies, the rest still verify existing ones.
      sessionSecrets: env.SESSION_SECRET?.split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '') ?? [DEVELOPMENT_SESSION_SECRET],
      sessionMaxAgeMinutes: env.SESSION_MAX_AGE_MINUTES,
      /** A session older than this ends, however active (20 hours: WCAG 2.2 SC 2.2.1's 20-hour exception). */
      sessionAbsoluteHours: env.SESSION_ABSOLUTE_HOURS,
      /** How long before the session ends the warning dialog opens (not an environment setting; tests lower it). */
      sessionWarningSeconds: 120,
      /** Forms one client address may send in an hour without a session, across every instance. */
      anonymousPostsPerIpPerHour: env.ANONYMOUS_POSTS_PER_IP_PER_HOUR,
      bankHolidaysExtra: env.BANK_HOLIDAYS_EXTRA,
      logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
      trustProxy: env.TRUST_PROXY ?? false,
      /** Whether TRUST_PROXY was given at all (`false` included): production warns when it was not. */
      trustProxyGiven: env.TRUST_PROXY !== undefined,
      contact: {
        email: env.CONTACT_EMAIL ?? PLACEHOLDER_CONTACT_EMAIL,
        phone: env.CONTACT_PHONE ?? PLACEHOLDER_CONTACT_PHONE,
        isPlaceholder: env.CONTACT_EMAIL === undefined || env.CONTACT_PHONE === undefined,
      },
      evidence: {
        /** How to reach clamd; undefined only outside production (files are then stored "not-scanned"). */
        clamd:
          env.CLAMD_SOCKET !== undefined
            ? { socket: env.CLAMD_SOCKET }
            : env.CLAMD_HOST !== undefined
              ? { host: env.CLAMD_HOST, port: env.CLAMD_PORT }
              : undefined,
        scanTimeoutMs: env.CLAMD_TIMEOUT_SECONDS * 1000,
        maxFileBytes: env.UPLOAD_MAX_FILE_MB * 1024 * 1024,
        maxFiles: env.UPLOAD_MAX_FILES,
        tempDir: path.resolve(env.UPLOAD_TEMP_DIR ?? path.join(os.tmpdir(), 'irm-uploads')),
      },
      /** Where people and systems reach this service; links in webhook events start with it. */
      publicBaseUrl: env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`,
      handoff: {
        /** Whether the web process runs the delivery worker, or `npm run worker` does. */
        workerMode: env.WORKER_MODE,
        /** Where events go; without it they wait in the outbox. */
        webhook: env.WEBHOOK_URL ? { url: env.WEBHOOK_URL, secrets: env.WEBHOOK_SECRET } : undefined,
        timeoutMs: env.WEBHOOK_TIMEOUT_SECONDS * 1000,
        concurrency: env.WEBHOOK_CONCURRENCY,
        pollIntervalMs: env.WEBHOOK_POLL_SECONDS * 1000,
        apiKeyHashes: env.API_KEY_HASHES,
        /** Requests each API key may make per minute, across every instance. */
        apiRateLimitPerMinute: env.API_RATE_LIMIT_PER_MINUTE,
        /** Requests with a missing or wrong key one address may make per minute, across every instance. */
        apiAuthFailuresPerMinute: env.API_AUTH_FAILURES_PER_MINUTE,
      },
      notify: {
        /** GOV.UK Notify, when a key is set; otherwise emails are kept for /dev/emails (never in production). */
        api: env.NOTIFY_API_KEY === undefined ? undefined : { apiKey: env.NOTIFY_API_KEY, baseUrl: env.NOTIFY_BASE_URL },
        timeoutMs: env.NOTIFY_TIMEOUT_SECONDS * 1000,
        /** Each email's template id; all set whenever `api` is. */
        templates: {
          applicantConfirmation: env.NOTIFY_TEMPLATE_APPLICANT_CONFIRMATION,
          agencyNotification: env.NOTIFY_TEMPLATE_AGENCY_NOTIFICATION,
          resumeLink: env.NOTIFY_TEMPLATE_RESUME_LINK,
          agencyConfirmation: env.NOTIFY_TEMPLATE_AGENCY_CONFIRMATION,
          operatorAlert: env.NOTIFY_TEMPLATE_OPERATOR_ALERT,
        } satisfies Record<NotifyTemplateName, string | undefined>,
        /** Where alerts go by email (webhook events and emails that failed for good); without it they are only logged. */
        operatorEmail: env.OPERATOR_EMAIL,
      },
      drafts: {
        /** An unsubmitted draft not changed for this many days is deleted, with its files and links. */
        retentionDays: env.DRAFT_RETENTION_DAYS,
        /** How often the retention job looks for such drafts (not an environment setting). */
        retentionIntervalMs: 60 * 60_000,
      },
      records: {
        /** A sent application is deleted this many days after the caseworker system had it all (every event acknowledged, every file downloaded). */
        applicationDays: env.APPLICATION_RETENTION_DAYS,
        /** Webhook and email attempts, and emails sent, are deleted this many days after they happened. */
        deliveryLogDays: env.DELIVERY_LOG_RETENTION_DAYS,
      },
      saveAndReturn: {
        /** Wrong answers to a resume link's check before the link stops working. */
        checkMaxAttempts: env.RESUME_CHECK_MAX_ATTEMPTS,
        /** Rate limits, per hour, across every instance (counted in the database). */
        linksPerEmailPerHour: env.RESUME_LINKS_PER_EMAIL_PER_HOUR,
        linksPerIpPerHour: env.RESUME_LINKS_PER_IP_PER_HOUR,
        linkOpensPerIpPerHour: env.RESUME_LINK_OPENS_PER_IP_PER_HOUR,
      },
      agency: {
        /** Calendar days the agency's link works after the due date (10 working days after the notification). */
        linkGraceDays: env.AGENCY_LINK_GRACE_DAYS,
      },
    };
  });

export type Config = z.infer<typeof envSchema>;
export type LogLevel = Config['logLevel'];

export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`The service cannot start because of its configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const isEnvName = (key: PropertyKey | undefined): key is EnvName => typeof key === 'string' && key in EXAMPLES;

/**
 * Settings that are allowed but probably wrong: logged at start-up and shown
 * on the ready check, so an operator sees them before a person does.
 */
export function configWarnings(config: Pick<Config, 'isProduction' | 'trustProxyGiven'>): string[] {
  const warnings: string[] = [];
  if (config.isProduction && !config.trustProxyGiven) {
    warnings.push(
      'TRUST_PROXY is not set: behind a TLS-terminating proxy every request looks like plain HTTP, so the Secure session cookie is never set and every form fails. Set it to the proxy’s hops or addresses (e.g. TRUST_PROXY=1); if nothing sits in front, TRUST_PROXY=false silences this.',
    );
  }
  return warnings;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.fromEntries(Object.keys(EXAMPLES).map((name) => [name, env[name]]));
  const result = envSchema.safeParse(known);
  if (result.success) return result.data;

  // One line per setting, even if a value broke more than one rule.
  const problems = new Map<string, string>();
  for (const issue of result.error.issues) {
    const name = issue.path[0];
    const label = isEnvName(name) ? name : 'configuration';
    if (problems.has(label)) continue;
    const example = isEnvName(name) ? ` (for example ${EXAMPLES[name]})` : '';
    problems.set(label, `${label} ${issue.message}${example}`);
  }
  throw new ConfigError([...problems.values()]);
}

/** For process entry points: the configuration, or its problems printed and exit 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
