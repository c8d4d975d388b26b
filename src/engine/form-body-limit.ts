import type { Journey } from './journey.ts';

/**
 * The largest form a journey's page can send, in bytes, so that the form body
 * limit is set from the journeys rather than guessed: every field filled to its
 * own maximum still fits, however the characters are written.
 */

/** A character of four UTF-8 bytes (an emoji, say), each percent-encoded as %XX: 12 bytes on the wire. */
export const BYTES_PER_CHARACTER = 12;
/** Each field's name, its `=` and `&`, and the inputs that hold no typed text (a date's digits, a choice's value). */
export const BYTES_PER_FIELD = 1024;
/** What every form sends besides its fields: the CSRF token, the button pressed. */
export const BYTES_PER_PAGE = 2048;
/** The least a form may send: the service's other forms (an email address, a button) are far smaller. */
export const MIN_FORM_BODY_BYTES = 16 * 1024;

/** The form body limit for these journeys: their largest question page, filled to every field's maximum. */
export function formBodyLimit(journeys: readonly Journey[]): number {
  const pages = journeys.flatMap((journey) =>
    journey.steps.map((step) =>
      step.kind === 'question'
        ? BYTES_PER_PAGE + step.fields.reduce((bytes, field) => bytes + BYTES_PER_FIELD + (field.maxCharacters ?? 0) * BYTES_PER_CHARACTER, 0)
        : 0,
    ),
  );
  return Math.max(MIN_FORM_BODY_BYTES, ...pages);
}
