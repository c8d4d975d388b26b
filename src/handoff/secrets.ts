import { randomBytes } from 'node:crypto';
import { SECRET_PREFIX } from '../credential-formats.ts';

/** A new webhook secret in the Standard Webhooks form (its shape is checked in src/credential-formats.ts). */
export function generateSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}
