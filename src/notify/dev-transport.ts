import type { EmailOutbox } from '../store/email-outbox.ts';
import type { EmailTransport, OutgoingEmail, SendResult } from './transport.ts';

/**
 * Development only (no NOTIFY_API_KEY): "sending" keeps the email in the
 * database for /dev/emails, through the same outbox and worker as Notify, so
 * every journey can be tried on one machine. Keeping one twice keeps it once.
 */
export function devTransport(outbox: Pick<EmailOutbox, 'keepDevEmail'>, now: () => Date): EmailTransport {
  return {
    name: 'development',
    async send(email: OutgoingEmail): Promise<SendResult> {
      try {
        await outbox.keepDevEmail(email, now());
        return { kind: 'sent', durationMs: 0 };
      } catch (err) {
        return { kind: 'error', error: err instanceof Error ? err.message : String(err), durationMs: 0 };
      }
    },
  };
}
