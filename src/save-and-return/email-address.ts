import { z } from 'zod';

/**
 * The email address on the save page (where to send the link) and on the
 * link's page (the check before the link opens anything).
 */

export const EMAIL_MAX_LENGTH = 254;

export type EmailProblem = 'required' | 'format' | 'tooLong';
export type EmailReading = { readonly ok: true; readonly address: string } | { readonly ok: false; readonly problem: EmailProblem };

const emailSchema = z.email();

/** The address as typed, without the spaces people paste in with it; or what is wrong with it. */
export function readEmailAddress(raw: unknown): EmailReading {
  const address = typeof raw === 'string' ? raw.replace(/\s/g, '') : '';
  if (address === '') return { ok: false, problem: 'required' };
  if (address.length > EMAIL_MAX_LENGTH) return { ok: false, problem: 'tooLong' };
  return emailSchema.safeParse(address).success ? { ok: true, address } : { ok: false, problem: 'format' };
}

/** What the link's check compares: the same address however it was capitalised. */
export const normaliseEmailAddress = (address: string): string => address.toLowerCase();
