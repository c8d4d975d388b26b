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

/** Session secrets in production: at least this many random bytes, as `openssl rand -hex 32` makes. */
export const SESSION_SECRET_BYTES = 32;

/** The bytes a secret written as hex or base64 (or base64url) holds, or undefined when it is neither. */
function encodedBytes(secret: string): number | undefined {
  if (/^[0-9a-f]+$/i.test(secret) && secret.length % 2 === 0) return secret.length / 2;
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(secret)) return Math.floor((secret.replace(/=+$/, '').length * 3) / 4);
  return undefined;
}

/**
 * Whether a long enough string looks random rather than made by hand: most of
 * its three-character runs differ (a repeated pattern has few) and it uses a
 * fair range of characters.
 */
function looksRandom(secret: string): boolean {
  const runs = new Set<string>();
  for (let i = 0; i + 3 <= secret.length; i++) runs.add(secret.slice(i, i + 3));
  return new Set(secret).size >= 10 && runs.size >= 0.75 * (secret.length - 2);
}

/** Why a production session secret is unusable, or undefined when it is fine. */
export function sessionSecretProblem(secret: string): string | undefined {
  const bytes = encodedBytes(secret);
  if (bytes === undefined || bytes < SESSION_SECRET_BYTES || !looksRandom(secret)) {
    return `must be at least ${String(SESSION_SECRET_BYTES)} random bytes written as hex or base64 in production (each one, if you list several)`;
  }
  return undefined;
}
