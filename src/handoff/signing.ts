import { Webhook } from 'standardwebhooks';

/**
 * Standard Webhooks signing. Every configured secret signs every attempt, and
 * the signatures go space-separated in one `webhook-signature` header, so a
 * consumer can move to a new secret while the old one still verifies.
 */

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export type Signer = (webhookId: string, timestamp: Date, body: string) => SignedHeaders;

export function createSigner(secrets: readonly string[]): Signer {
  if (secrets.length === 0) throw new Error('At least one webhook secret is needed to sign deliveries');
  const webhooks = secrets.map((secret) => new Webhook(secret));
  return (webhookId, timestamp, body) => ({
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': webhooks.map((webhook) => webhook.sign(webhookId, timestamp, body)).join(' '),
  });
}
