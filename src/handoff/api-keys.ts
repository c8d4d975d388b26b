import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys for the consumer API. Keys are 256-bit random values, so a plain
 * SHA-256 of the key is a safe thing to store (no salt or slow hash is needed
 * against guessing a key that has no structure to guess). The service holds
 * only hashes (API_KEY_HASHES); several may be listed to rotate keys.
 */

export const API_KEY_PREFIX = 'irm_';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): { key: string; hash: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashApiKey(key) };
}

/**
 * Whether a presented key matches one of the hashes. Every hash is compared,
 * in constant time, whatever matches first.
 */
export function apiKeyChecker(hashes: readonly string[]): (presented: string) => boolean {
  const known = hashes.map((hash) => Buffer.from(hash, 'hex'));
  return (presented) => {
    const candidate = createHash('sha256').update(presented, 'utf8').digest();
    let match = false;
    for (const hash of known) match = timingSafeEqual(candidate, hash) || match;
    return match;
  };
}
