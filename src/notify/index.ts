import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { OperatorAlert } from '../handoff/delivery-worker.ts';
import type { OnSubmitted } from '../store/applications.ts';
import type { Database } from '../store/database.ts';
import { createEmailOutbox } from '../store/email-outbox.ts';
import { listenForOutbox } from '../store/outbox-listener.ts';
import { devEmailsPage } from './dev-emails-page.ts';
import { devTransport } from './dev-transport.ts';
import { EmailWorker, type EmailWorkerOptions } from './email-worker.ts';
import { createEmails, type Emails } from './emails.ts';
import { notifyTransport } from './notify-transport.ts';

/**
 * Emails, wired from configuration: GOV.UK Notify when NOTIFY_API_KEY is set,
 * otherwise the development mailbox (/dev/emails); the email worker; the
 * applicant's confirmation in the submission's transaction; and operator
 * alerts by email.
 */

export interface EmailsDeps {
  config: Pick<Config, 'notify' | 'contact' | 'publicBaseUrl'>;
  now?: () => Date;
  /** Called after each email is written: wake an in-process worker. */
  onQueued?: () => void;
}

export function emailsFromConfig(deps: EmailsDeps): Emails {
  return createEmails({
    now: deps.now,
    contact: deps.config.contact,
    publicBaseUrl: deps.config.publicBaseUrl,
    operatorEmail: deps.config.notify.operatorEmail,
    onQueued: deps.onQueued,
  });
}

/** The store's `onSubmitted` hook: the applicant's confirmation email, in the submission's own transaction. */
export function emailsOnSubmitted(emails: Emails): OnSubmitted {
  return async (tx, application) => {
    await emails.applicantConfirmation(tx, application);
  };
}

/** Several `onSubmitted` hooks in one transaction, in order. */
export function allOnSubmitted(...hooks: readonly OnSubmitted[]): OnSubmitted {
  return async (tx, application) => {
    for (const hook of hooks) await hook(tx, application);
  };
}

/**
 * An alert hook for the webhook delivery worker: the `ALERT:` log line it
 * writes by default, and an email to OPERATOR_EMAIL.
 */
export function operatorAlerts(deps: { emails: Emails; db: Database; logger: Logger }): (alert: OperatorAlert) => void {
  return (alert) => {
    deps.logger.error({ alert }, `ALERT: ${alert.message}`);
    void deps.emails.operatorAlert(deps.db, { kind: alert.kind, message: alert.message }).catch((err: unknown) => {
      deps.logger.error({ err, alert: alert.kind }, 'could not queue the operator alert email');
    });
  };
}

export interface RunningEmails {
  worker: EmailWorker;
  stop(): Promise<void>;
}

export interface StartEmailsDeps {
  config: Pick<Config, 'notify' | 'databaseUrl' | 'handoff'>;
  db: Database;
  emails: Emails;
  logger: Logger;
  now?: () => Date;
  overrides?: Partial<Omit<EmailWorkerOptions, 'outbox' | 'transport' | 'templates' | 'logger'>>;
}

/** Starts an email worker: Notify when configured, else the development mailbox. */
export function startEmailDelivery(deps: StartEmailsDeps): RunningEmails {
  const { config, logger, db } = deps;
  const outbox = createEmailOutbox(db);
  const api = config.notify.api;
  const transport = api ? notifyTransport({ ...api, timeoutMs: config.notify.timeoutMs }) : devTransport(outbox, deps.now ?? (() => new Date()));
  const worker = new EmailWorker({
    outbox,
    transport,
    templates: config.notify.templates,
    logger,
    now: deps.now,
    // A lease outlasts an attempt: the timeout plus a minute.
    leaseMs: config.notify.timeoutMs + 60_000,
    pollIntervalMs: config.handoff.pollIntervalMs,
    onFailed: (failed) => {
      void deps.emails
        .operatorAlert(db, {
          kind: 'email-failed',
          message: `The ${failed.kind} email ${failed.emailId} could not be sent after ${failed.attempts} attempt(s): ${failed.error}`,
        })
        .catch((err: unknown) => {
          logger.error({ err }, 'could not queue the operator alert email');
        });
    },
    ...deps.overrides,
  });
  const listener = config.databaseUrl ? listenForOutbox(config.databaseUrl, () => worker.wake(), logger) : undefined;
  worker.start();
  if (!api) logger.info('NOTIFY_API_KEY is not set: emails are kept in the database; see /dev/emails');
  if (api && !config.notify.operatorEmail) logger.warn('OPERATOR_EMAIL is not set: alerts are only logged');
  return {
    worker,
    async stop() {
      await listener?.close();
      await worker.stop();
    },
  };
}

/** `/dev/emails`; never mount it in production. */
export function devEmailRoutes(db: Database): Router {
  return devEmailsPage(createEmailOutbox(db));
}

export { createEmails, type Emails, type QueueInput } from './emails.ts';
export { EmailWorker, type FailedEmail } from './email-worker.ts';
export { DEV_EMAILS_PATH } from './dev-emails-page.ts';
