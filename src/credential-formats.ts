/**
 * The shapes of the hand-off's credentials: configuration checks them at
 * start-up, src/handoff makes and uses them. Kept beside config.ts, below
 * every layer, so that configuration imports nothing from the layers that
 * read it.
 */

/** Webhook secrets in the Standard Webhooks form, `whsec_` and base64. */
export const SECRET_PREFIX = 'whsec_';
/** The Standard Webhooks specification asks for secrets of 24 to 64 random bytes. */
export const SECRET_BYTES = { min: 24, max: 64 } as const;

/** Splits `WEBHOOK_SECRET` (spaces or commas between secrets). */
export function splitSecrets(value: string): string[] {
  return value.split(/[\s,]+/).filter((secret) => secret !== '');
}

/** Why a secret is unusable, or undefined when it is fine. */
export function secretProblem(secret: string): string | undefined {
  if (!secret.startsWith(SECRET_PREFIX)) return `must start with ${SECRET_PREFIX}`;
  const base64 = secret.slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0) return `must be ${SECRET_PREFIX} followed by base64`;
  const bytes = Buffer.from(base64, 'base64').length;
  if (bytes < SECRET_BYTES.min || bytes > SECRET_BYTES.max) {
    return `must hold ${SECRET_BYTES.min} to ${SECRET_BYTES.max} bytes after ${SECRET_PREFIX} (this one holds ${bytes})`;
  }
  return undefined;
}

/** API keys are stored as the hex SHA-256 of the key (src/handoff/api-keys.ts). */
export function isApiKeyHash(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}
