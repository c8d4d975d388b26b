import { fosteringOnTime, letterOn } from '../http/answers.ts';
import { csrfTokenIn, type Applicant, type Form } from '../http/harness.ts';

/**
 * Whole applications walked over HTTP against server processes, which run on
 * the real clock (not the HTTP tests' fixed one).
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** A whole on-time fostering application up to check-your-answers, its letter dated a week ago; `email` is the applicant's. */
export function fosteringSteps(email = 'sam@example.com'): ReadonlyArray<readonly [string, Form]> {
  const sent = new Date(Date.now() - 7 * DAY_MS);
  return fosteringOnTime.map(([step, form]) => {
    if (step === 'letter-date') return [step, letterOn(sent.getUTCDate(), sent.getUTCMonth() + 1, sent.getUTCFullYear())] as const;
    if (step === 'applicant-contact') return [step, { ...form, email }] as const;
    return [step, form] as const;
  });
}

/** Presses "Accept and send" on check-your-answers; the confirmation's address if it was sent. */
export async function acceptAndSend(person: Applicant): Promise<string | undefined> {
  const page = await person.get('/apply/check-answers');
  if (page.status !== 200) throw new Error(`GET /apply/check-answers gave ${String(page.status)} (to ${String(page.headers.location)})`);
  const sent = await person.post('/apply/check-answers', {}, csrfTokenIn(page.text));
  return sent.status === 303 ? sent.headers.location : undefined;
}
