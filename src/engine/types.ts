/** Saved answers: step id → that step's cleaned field values. */
export type StepAnswers = Record<string, unknown>;
export type Answers = Record<string, StepAnswers>;

/** A translation function: i18next's `t`, narrowed to what the engine needs. */
export interface Translator {
  (key: string, options?: Record<string, unknown>): string;
  exists(key: string): boolean;
  readonly lang: string;
}

import type { CalendarDate } from '../dates/calendar-date.ts';

/** Facts from outside the journey that rules may depend on; passed in so every engine function stays pure. */
export interface EngineContext {
  /** Today's calendar date (YYYY-MM-DD) in the service's time zone. */
  readonly today: CalendarDate;
}

/** A validation failure, translated at render time. */
export interface FieldError {
  readonly field: string;
  /** Error code; the message is `journey:fields.<field>.errors.<code>`. */
  readonly code: string;
  /** Id of the input the error summary links to (for dates, the first wrong part). */
  readonly href: string;
  readonly params?: Record<string, string | number>;
  /** For multi-part inputs: which parts are wrong (e.g. ['month']). */
  readonly parts?: readonly string[];
}

/** What a field kind's template (`views/engine/fields/<kind>.njk`) is given: its govuk-frontend macro's parameters. */
export type FieldParams = Record<string, unknown>;

/** One field on a page: `views/engine/fields.njk` includes the template named by `kind` with these `params`. */
export interface FieldView {
  readonly kind: string;
  readonly params: FieldParams;
}

export interface SummaryValue {
  readonly text?: string;
  readonly html?: string;
}
