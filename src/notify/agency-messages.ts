import { formatLongDate, type CalendarDate } from '../dates/calendar-date.ts';
import type { Personalisation } from '../store/email-outbox.ts';
import { translator, type Language } from '../web/i18n.ts';
import { formatBody, pageLink, type Contact } from './messages.ts';

/**
 * The words of the agency's two emails (src/locales/{en,cy}/notify.json),
 * made the way messages.ts makes the applicant's: Notify personalisation
 * `subject` and `body`. The applicant's name is the one thing a person typed
 * that goes in (the agency needs it to find the case): it is cut down to the
 * characters a name has, so nothing in it can become a link or a heading.
 */

const say = (language: Language) => {
  const translate = translator(language);
  return (key: string, values?: Record<string, string>): string => translate(`notify:${key}`, values);
};

/**
 * A name as Notify may show it: letters, spaces, apostrophes and hyphens
 * only (no full stops either, so nothing can read as a web address); at most
 * 100 characters.
 */
export function plainName(name: string): string {
  return name
    .replace(/[^\p{L}\p{M} '’-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100)
    .trim();
}

export interface AgencyNotificationWords {
  reference: string;
  /** fostering | adoption | adoption-information */
  route: string;
  /** The date on the decision letter, as the applicant gave it. */
  decisionDate: CalendarDate | undefined;
  applicantName: string;
  dueDate: CalendarDate;
  /** The last day the link works. */
  linkLastDay: CalendarDate;
  /** The link, with its token. */
  link: string;
  /** Who it is addressed to, if the sender said. */
  recipientName: string | undefined;
  contact: Contact;
  publicBaseUrl: string;
}

const ROUTES = new Set(['fostering', 'adoption', 'adoption-information']);

/** To the agency: an application has been made about its decision, what it must do by when, and the link to respond. */
export function agencyNotification(language: Language, words: AgencyNotificationWords): Personalisation {
  const t = say(language);
  const values = {
    reference: words.reference,
    dueDate: formatLongDate(words.dueDate, language),
    linkLastDay: formatLongDate(words.linkLastDay, language),
    link: words.link,
    contactEmail: words.contact.email,
    contactPhone: words.contact.phone,
    contactUrl: pageLink(words.publicBaseUrl, '/contact', language),
  };
  const k = (key: string, more: Record<string, string> = {}): string => t(`agencyNotification.${key}`, { ...values, ...more });
  const recipient = words.recipientName === undefined ? '' : plainName(words.recipientName);
  const applicant = plainName(words.applicantName);
  const facts = [
    k('factReference'),
    ROUTES.has(words.route) ? k('factRoute', { route: k(`routes.${words.route}`) }) : undefined,
    words.decisionDate ? k('factDecisionDate', { date: formatLongDate(words.decisionDate, language) }) : undefined,
    applicant === '' ? undefined : k('factApplicant', { name: applicant }),
  ].filter((line) => line !== undefined);
  return {
    subject: k('subject'),
    reference: words.reference,
    body: formatBody([
      ...(recipient === '' ? [] : [{ paragraph: k('greeting', { name: recipient }) }]),
      { paragraph: k('intro') },
      { heading: k('applicationHeading') },
      { bullets: facts },
      { heading: k('todoHeading') },
      { paragraph: k('todoIntro') },
      { bullets: [k('todoConfirm'), k('todoLiaison'), k('todoDocuments')] },
      { paragraph: k('respond') },
      { paragraph: k('notMinutes') },
      { heading: k('linkHeading') },
      { paragraph: k('linkOnly') },
      { paragraph: k('linkComeBack') },
      { paragraph: k('notYours') },
      { paragraph: k('contact') },
      { paragraph: t('signOff') },
    ]),
  };
}

export interface AgencyConfirmationWords {
  reference: string;
  contact: Contact;
  publicBaseUrl: string;
}

/** To the agency's liaison officer once the response is sent. Nothing the agency typed goes in. */
export function agencyConfirmation(language: Language, words: AgencyConfirmationWords): Personalisation {
  const t = say(language);
  const values = {
    reference: words.reference,
    contactEmail: words.contact.email,
    contactPhone: words.contact.phone,
    contactUrl: pageLink(words.publicBaseUrl, '/contact', language),
  };
  const k = (key: string): string => t(`agencyConfirmation.${key}`, values);
  return {
    subject: k('subject'),
    reference: words.reference,
    body: formatBody([
      { paragraph: k('intro') },
      { paragraph: k('liaison') },
      { heading: k('nextHeading') },
      { paragraph: k('next') },
      { paragraph: k('more') },
      { paragraph: k('contact') },
      { paragraph: t('signOff') },
    ]),
  };
}
