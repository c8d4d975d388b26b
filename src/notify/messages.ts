import { formatLongDate, type CalendarDate } from '../dates/calendar-date.ts';
import type { Personalisation } from '../store/email-outbox.ts';
import { translator, type Language } from '../web/i18n.ts';

/**
 * The words of each email, in the application's language, as GOV.UK Notify
 * personalisation: `subject` and `body`. Every Notify template is the same
 * two placeholders (subject `((subject))`, message `((body))`), so the words
 * live here with the rest of the service's words, in English and Welsh
 * (src/locales/{en,cy}/notify.json), and /dev/emails shows exactly what
 * Notify would send.
 *
 * `body` uses Notify's formatting: a blank line between paragraphs, `#` for a
 * heading, `* ` for a bullet; URLs become links. Only the service's own words
 * and values it made (references, links, dates) go in: nothing a person typed.
 */

export interface Contact {
  email: string;
  phone: string;
}

type Block = { heading: string } | { paragraph: string } | { bullets: readonly string[] };

/** Notify's formatting, from blocks. */
export function formatBody(blocks: readonly Block[]): string {
  return blocks
    .map((block) => {
      if ('heading' in block) return `# ${block.heading}`;
      if ('paragraph' in block) return block.paragraph;
      return block.bullets.map((line) => `* ${line}`).join('\n');
    })
    .join('\n\n');
}

const t = (language: Language) => {
  const translate = translator(language);
  return (key: string, values?: Record<string, string>): string => translate(`notify:${key}`, values);
};

export interface ApplicantConfirmationWords {
  reference: string;
  contact: Contact;
  /** Where the service is reached (PUBLIC_BASE_URL): links start with it. */
  publicBaseUrl: string;
}

/** A page of the service, in the email's language. */
export const pageLink = (publicBaseUrl: string, path: string, language: Language): string =>
  `${publicBaseUrl}${path}${language === 'en' ? '' : `?lang=${language}`}`;

/** To the applicant when their application is submitted. */
export function applicantConfirmation(language: Language, words: ApplicantConfirmationWords): Personalisation {
  const say = t(language);
  const values = {
    reference: words.reference,
    contactEmail: words.contact.email,
    contactPhone: words.contact.phone,
    contactUrl: pageLink(words.publicBaseUrl, '/contact', language),
  };
  const k = (key: string): string => say(`applicantConfirmation.${key}`, values);
  return {
    subject: k('subject'),
    reference: words.reference,
    body: formatBody([
      { paragraph: k('intro') },
      { paragraph: k('reference') },
      { heading: k('nextHeading') },
      { paragraph: k('nextAgency') },
      { paragraph: k('nextCaseworker') },
      { heading: k('meetingHeading') },
      { bullets: [k('meetingRemote'), k('meetingSupporter'), k('meetingWritten')] },
      { heading: k('afterHeading') },
      { paragraph: k('afterRecommendation') },
      { paragraph: k('afterTime') },
      { heading: k('documentsHeading') },
      { paragraph: k('documents') },
      { paragraph: k('contact') },
      { paragraph: say('signOff') },
    ]),
  };
}

export interface OperatorAlertWords {
  kind: string;
  message: string;
  at: Date;
}

/** To OPERATOR_EMAIL: a webhook event or an email failed for good, or the webhook endpoint is gone. No personal data. */
export function operatorAlert(language: Language, words: OperatorAlertWords): Personalisation {
  const say = t(language);
  return {
    subject: say('operatorAlert.subject', { kind: words.kind }),
    body: formatBody([
      { paragraph: say('operatorAlert.intro') },
      { paragraph: words.message },
      { paragraph: say('operatorAlert.raisedAt', { time: words.at.toISOString() }) },
    ]),
  };
}

export interface ResumeLinkWords {
  /** The save-and-return link, with its token: in the email and nowhere else. */
  link: string;
  /** The day the draft will be deleted if nobody goes back to it. */
  deleteOn: CalendarDate;
  contact: Contact;
}

/** To the address an applicant gave on the save page: the link back to their application, and when it will be deleted. */
export function resumeLink(language: Language, words: ResumeLinkWords): Personalisation {
  const say = t(language);
  const values = {
    link: words.link,
    date: formatLongDate(words.deleteOn, language),
    contactEmail: words.contact.email,
    contactPhone: words.contact.phone,
  };
  const k = (key: string): string => say(`resumeLink.${key}`, values);
  return {
    subject: k('subject'),
    body: formatBody([
      { paragraph: k('intro') },
      { paragraph: k('link') },
      { paragraph: k('check') },
      { paragraph: k('deleteOn') },
      { paragraph: k('newest') },
      { paragraph: k('private') },
      { paragraph: k('notYou') },
      { paragraph: k('contact') },
      { paragraph: say('signOff') },
    ]),
  };
}
