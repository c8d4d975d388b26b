import { addCalendarDays, calendarDateParts, todayInLondon } from '../src/dates/calendar-date.ts';
import { fosteringOnTime, letterOn } from '../test/http/answers.ts';
import type { Form } from '../test/http/harness.ts';

/**
 * What the benchmark does, in one place: the journey step it repeats and the
 * answers that bring each session to it.
 */

/** The step that is repeated: post the name, follow the 303, read the address page. */
export const POST_PATH = '/apply/applicant-name';
export const NEXT_PATH = '/apply/applicant-address';
/** Where the honest ceiling (bench/serve-ceiling.ts) serves the same page straight from govuk-frontend's macros. */
export const GOVUK_CEILING_PATH = `/govuk-frontend${NEXT_PATH}`;
export const NAME_FORM = { fullName: 'Sam Jones' } as const satisfies Form;

/**
 * The service runs on the real clock, so the decision letter is dated a week
 * ago: well inside fostering's 28 days whatever day the benchmark runs.
 */
const LETTER_DAYS_AGO = 7;

/** A whole on-time fostering application (test/http/answers.ts), with the letter dated a week before `now`. */
export function fosteringOnTimeToday(now: Date = new Date()): ReadonlyArray<readonly [string, Form]> {
  const { year, month, day } = calendarDateParts(addCalendarDays(todayInLondon(now), -LETTER_DAYS_AGO));
  return fosteringOnTime.map(([step, form]) => [step, step === 'letter-date' ? letterOn(day, month, year) : form] as const);
}

/** Everything a person answers before the name question (fostering, on time). */
export function stepsBeforeName(now: Date = new Date()): ReadonlyArray<readonly [string, Form]> {
  const steps = fosteringOnTimeToday(now);
  const at = steps.findIndex(([path]) => `/apply/${path}` === POST_PATH);
  if (at < 0) throw new Error(`${POST_PATH} is not on the fostering route any more: update bench/scenario.ts`);
  return steps.slice(0, at);
}

/**
 * Sent with every request to the service: it runs as in production (secure
 * cookies) behind a TLS-terminating proxy, which is what TRUST_PROXY=loopback
 * plus this header stand for.
 */
export const PROXY_HEADERS = { 'x-forwarded-proto': 'https' } as const;

/** Markers of the address page rendered without errors, to tell it from an error page. */
export const NEXT_PAGE_MARKER = 'name="address-line1"';
export const ERROR_SUMMARY_MARKER = 'govuk-error-summary';

/** The URL-encoded form body, as a browser sends it. */
export function formBody(csrfToken: string, form: Form): string {
  const body = new URLSearchParams();
  body.append('_csrf', csrfToken);
  for (const [key, value] of Object.entries(form)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  }
  return body.toString();
}

/**
 * From the parent: start the CPU profiler, stop it and write the profile to
 * `file`, or say how much CPU time the process has used.
 */
export type ControlRequest =
  | { readonly type: 'control'; readonly id: number; readonly action: 'profile-start' }
  | { readonly type: 'control'; readonly id: number; readonly action: 'profile-stop'; readonly file: string }
  | { readonly type: 'control'; readonly id: number; readonly action: 'cpu' };

/** The child's answer to a ControlRequest. */
export interface ControlReply {
  readonly type: 'control-done';
  readonly id: number;
  readonly error?: string;
  /** For 'cpu': user + system CPU time used so far, in microseconds. */
  readonly cpuMicros?: number;
}
