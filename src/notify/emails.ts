import { z } from 'zod';
import { LANGUAGES } from '../languages.ts';
import type { Application } from '../store/applications.ts';
import type { Queryable } from '../store/database.ts';
import { enqueueEmail, type EmailKind, type EmailLanguage, type Personalisation, type QueuedEmail } from '../store/email-outbox.ts';
import { notifyWorkers } from '../store/outbox.ts';
import { applicantConfirmation, operatorAlert, type Contact } from './messages.ts';

/**
 * What the rest of the service calls to send an email: one call, inside the
 * transaction that causes it. The email is a row in the email outbox; a
 * worker sends it (and retries it) after the transaction commits, so an
 * email is never sent for something that was rolled back, and never lost.
 *
 * A new email is a function in messages.ts (its words), a kind in
 * store/email-outbox.ts and a template id in config.ts; then
 * `emails.queue(tx, { kind, to, language, personalisation })`.
 */

export interface QueueInput {
  kind: EmailKind;
  to: string;
  language: EmailLanguage;
  personalisation: Personalisation;
  applicationId?: string;
}

export interface OperatorAlertInput {
  /** e.g. event-failed, endpoint-gone, email-failed */
  kind: string;
  /** No personal data: ids, kinds, errors. */
  message: string;
}

export interface Emails {
  queue(tx: Queryable, input: QueueInput): Promise<QueuedEmail>;
  /** The applicant's confirmation, in the application's language; nothing for a document without an applicant's email. */
  applicantConfirmation(tx: Queryable, application: Application): Promise<QueuedEmail | undefined>;
  /** To OPERATOR_EMAIL (in English); nothing when it is not set. */
  operatorAlert(target: Queryable, alert: OperatorAlertInput): Promise<QueuedEmail | undefined>;
}

export interface EmailsOptions {
  now?: () => Date;
  contact: Contact;
  publicBaseUrl: string;
  operatorEmail: string | undefined;
  /** Called after each email is written (before commit): wake an in-process worker. */
  onQueued?: () => void;
}

/** The parts of a submitted document the confirmation needs (src/journeys/irm/application-document.ts). */
const confirmationFields = z.object({
  applicant: z.object({ email: z.string().min(3) }),
  declaration: z.object({ language: z.enum(LANGUAGES) }),
});

export function createEmails(options: EmailsOptions): Emails {
  const now = options.now ?? (() => new Date());
  const queue = async (tx: Queryable, input: QueueInput): Promise<QueuedEmail> => {
    const queued = await enqueueEmail(tx, {
      kind: input.kind,
      emailAddress: input.to,
      language: input.language,
      personalisation: input.personalisation,
      applicationId: input.applicationId,
      now: now(),
    });
    // Wakes workers in other processes when tx commits (PostgreSQL).
    await notifyWorkers(tx);
    options.onQueued?.();
    return queued;
  };
  return {
    queue,
    async applicantConfirmation(tx, application) {
      const fields = confirmationFields.safeParse(application.data);
      if (!fields.success) return undefined;
      const language = fields.data.declaration.language;
      return queue(tx, {
        kind: 'applicant-confirmation',
        to: fields.data.applicant.email,
        language,
        personalisation: applicantConfirmation(language, { reference: application.reference, contact: options.contact, publicBaseUrl: options.publicBaseUrl }),
        applicationId: application.id,
      });
    },
    async operatorAlert(target, alert) {
      if (options.operatorEmail === undefined) return undefined;
      return queue(target, {
        kind: 'operator-alert',
        to: options.operatorEmail,
        language: 'en',
        personalisation: operatorAlert('en', { kind: alert.kind, message: alert.message, at: now() }),
      });
    },
  };
}
