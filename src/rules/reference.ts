import { randomInt } from 'node:crypto';

/**
 * Application reference numbers, e.g. 'IRM-7KQ4-M2XD'.
 *
 * People read these out on the phone and copy them from letters, so the
 * alphabet leaves out characters that are easily mistaken for one another:
 * 0/O, 1/I/L, and U (also left out by Crockford's base32). Of the pairs
 * 2/Z, 5/S and 8/B only the digit is kept, and U/V keeps V, so the mistaken
 * character can still be read as the right one.
 * 27 characters over 8 places is about 2.8 × 10^11 references: collisions are
 * rare but possible, so the store enforces uniqueness with a unique constraint
 * and the caller generates a new reference and retries on a clash.
 */
export const REFERENCE_ALPHABET = 'ACDEFGHJKMNPQRTVWXY23456789';
export const REFERENCE_PREFIX = 'IRM';
export const REFERENCE_LENGTH = 8;
const GROUP_LENGTH = 4;

/** Returns a uniformly random whole number in [0, maxExclusive). */
export type RandomIndex = (maxExclusive: number) => number;

const cryptoRandomIndex: RandomIndex = (maxExclusive) => randomInt(maxExclusive);

export function generateReference(random: RandomIndex = cryptoRandomIndex): string {
  let body = '';
  for (let i = 0; i < REFERENCE_LENGTH; i += 1) {
    const index = random(REFERENCE_ALPHABET.length);
    const char = REFERENCE_ALPHABET[index];
    if (char === undefined || !Number.isInteger(index)) {
      throw new RangeError(`Random source gave ${index}, outside 0–${REFERENCE_ALPHABET.length - 1}`);
    }
    body += char;
  }
  return format(body);
}

function format(body: string): string {
  return `${REFERENCE_PREFIX}-${body.slice(0, GROUP_LENGTH)}-${body.slice(GROUP_LENGTH)}`;
}
