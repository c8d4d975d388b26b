import type { EmailKind, EmailLanguage, Personalisation } from '../store/email-outbox.ts';

/** One email as a transport sends it. */
export interface OutgoingEmail {
  /** The outbox row's id: Notify's `reference` (no personal data; the same on every attempt). */
  emailId: string;
  kind: EmailKind;
  emailAddress: string;
  language: EmailLanguage;
  /** The Notify template; undefined only for the development transport without configured ids. */
  templateId: string | undefined;
  personalisation: Personalisation;
}

export type SendResult =
  | { kind: 'sent'; providerId?: string; durationMs: number }
  /** The provider answered with an error status. */
  | { kind: 'refused'; status: number; error: string; durationMs: number }
  /** No answer: network failure, timeout, or the worker stopping. */
  | { kind: 'error'; error: string; durationMs: number };

export interface EmailTransport {
  /** Recorded with each attempt: `notify` or `development`. */
  readonly name: string;
  send(email: OutgoingEmail): Promise<SendResult>;
}
