import { z } from 'zod';
import { addCalendarDays, parseCalendarDate, todayInLondon } from '../dates/calendar-date.ts';
import { AGENCY_LINK_PATH } from '../journeys/agency-response/paths.ts';
import { LANGUAGES, type Language } from '../languages.ts';
import { agencyLinkExpiry, agencyResponseDueDate } from '../rules/agency-response-due.ts';
import type { WorkingDayCalendar } from '../rules/working-days.ts';
import { insertAgencyNotification, type AgencyNotification, type AgencyNotificationSource } from '../store/agency-notifications.ts';
import type { AgencyResponse, OnAgencyResponseSubmitted } from '../store/agency-responses.ts';
import type { Application } from '../store/applications.ts';
import type { Queryable } from '../store/database.ts';
import { issueLinkToken } from '../store/link-tokens.ts';
import type { QueuedEmail } from '../store/email-outbox.ts';
import { agencyConfirmation, agencyNotification } from './agency-messages.ts';
import type { Emails } from './emails.ts';
import type { Contact } from './messages.ts';

/**
 * Telling an agency about an application, in one call inside the caller's
 * transaction: the notification's row (who, chosen by whom, when, due by
 * when), its link's token (purpose 'agency-response', subject the
 * notification; valid until the due date plus the grace period) and the email
 * with the link. Either all of it commits with the caller's work or none of it.
 *
 * Two callers: the consumer API (a caseworker has checked the address:
 * source 'caseworker') and the applicant's submission, when the agency
 * directory knows the agency's address (source 'directory'). Never an address
 * only the applicant typed: a typo would send someone's case to a stranger.
 */

export interface NotifyAgencyInput {
  /** The application the agency is told about (as the store gives it). */
  readonly application: Application;
  /** Where to send it: an address a caseworker has checked, or the agency directory's. */
  readonly email: string;
  /** Who it is addressed to, e.g. "Leeds City Council fostering team" (optional). */
  readonly name?: string;
  readonly source: AgencyNotificationSource;
  /** The email's language; default English. */
  readonly language?: Language;
}

/**
 * `notifyAgency(tx, { application, email, name?, source }, now)`: records
 * the notification, issues its link and queues the email, with `tx`.
 * Returns the notification (its `id` is what the API answers with and what
 * `npm run ops -- agency-links revoke` takes). It needs nothing but the
 * transaction, so a store hook can call it; buildService makes one
 * (`service.notifyAgency`) before the store opens, e.g. for the agency
 * directory in the applicant's submission:
 *
 *   onSubmitted: async (tx, application) => {
 *     const agency = …the directory's entry for the application's agency…;
 *     if (agency) await notifyAgency(tx, { application, email: agency.email, name: agency.name, source: 'directory' }, now());
 *   }
 */
export type NotifyAgency = (tx: Queryable, input: NotifyAgencyInput, now: Date) => Promise<AgencyNotification>;

export interface NotifyAgencyDeps {
  readonly emails: Pick<Emails, 'queue'>;
  readonly calendar: WorkingDayCalendar;
  /** Calendar days the link keeps working after the due date (AGENCY_LINK_GRACE_DAYS). */
  readonly linkGraceDays: number;
  readonly publicBaseUrl: string;
  readonly contact: Contact;
}

/** The parts of the applicant's submitted document the email needs (src/journeys/irm/application-document.ts). */
const applicationFacts = z.object({
  timeLimit: z.object({ letterDate: z.string() }).partial().catch({}),
  applicant: z.object({ fullName: z.string() }).partial().catch({}),
});

export function createNotifyAgency(deps: NotifyAgencyDeps): NotifyAgency {
  return async (tx, input, now) => {
    const { application } = input;
    const language = input.language ?? 'en';
    const dueDate = agencyResponseDueDate(todayInLondon(now), deps.calendar);
    const notification = await insertAgencyNotification(tx, {
      applicationId: application.id,
      emailAddress: input.email,
      recipientName: input.name,
      source: input.source,
      sentAt: now,
      dueDate,
      linkExpiresAt: agencyLinkExpiry(dueDate, deps.linkGraceDays),
    });
    const { token } = await issueLinkToken(tx, { purpose: 'agency-response', subjectId: notification.id, expiresAt: notification.linkExpiresAt, now });
    const facts = applicationFacts.safeParse(application.data);
    await deps.emails.queue(tx, {
      kind: 'agency-notification',
      to: input.email,
      language,
      applicationId: application.id,
      personalisation: agencyNotification(language, {
        reference: application.reference,
        route: application.route,
        decisionDate: parseCalendarDate(facts.data?.timeLimit.letterDate),
        applicantName: facts.data?.applicant.fullName ?? '',
        dueDate,
        linkLastDay: addCalendarDays(dueDate, deps.linkGraceDays),
        link: `${deps.publicBaseUrl}${AGENCY_LINK_PATH}/${token}`,
        recipientName: input.name,
        contact: deps.contact,
        publicBaseUrl: deps.publicBaseUrl,
      }),
    });
    return notification;
  };
}

/** The parts of the agency's response document the confirmation needs (src/journeys/agency-response/response-document.ts). */
const responseFacts = z.object({
  liaisonOfficer: z.object({ email: z.string().min(3) }),
  declaration: z.object({ language: z.enum(LANGUAGES) }),
});

/** The liaison officer's confirmation; nothing for a response without one. */
export async function queueAgencyConfirmation(
  deps: Pick<NotifyAgencyDeps, 'emails' | 'contact' | 'publicBaseUrl'>,
  tx: Queryable,
  response: AgencyResponse,
): Promise<QueuedEmail | undefined> {
  const facts = responseFacts.safeParse(response.data);
  if (!facts.success) return undefined;
  const language = facts.data.declaration.language;
  return deps.emails.queue(tx, {
    kind: 'agency-confirmation',
    to: facts.data.liaisonOfficer.email,
    language,
    applicationId: response.applicationId,
    personalisation: agencyConfirmation(language, { reference: response.reference, contact: deps.contact, publicBaseUrl: deps.publicBaseUrl }),
  });
}

/** The store's `onAgencyResponseSubmitted` hook: the liaison officer's email, in the response's own transaction. */
export function emailsOnAgencyResponse(deps: Pick<NotifyAgencyDeps, 'emails' | 'contact' | 'publicBaseUrl'>): OnAgencyResponseSubmitted {
  return async (tx, response) => {
    await queueAgencyConfirmation(deps, tx, response);
  };
}
