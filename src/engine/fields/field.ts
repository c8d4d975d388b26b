import type { EngineContext, FieldError, FieldParams, SummaryValue, Translator } from '../types.ts';

export type ParseResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly errors: readonly FieldError[] };

/** What a field shows: the saved value, or on a failed post the raw input and its error. */
export interface FieldState {
  readonly value?: unknown;
  readonly raw?: unknown;
  readonly errors?: readonly FieldError[];
}

export interface RenderOptions {
  readonly t: Translator;
  /** True when this field's label or legend is the page's h1 (one-question pages). */
  readonly isPageHeading: boolean;
  readonly caption?: string;
}

/**
 * A field kind owns everything about one kind of answer: reading it from the
 * form body, cleaning and validating it, the parameters of the govuk-frontend
 * macro that shows it, how check-your-answers summarises it and which
 * translations it needs. Its template, `views/engine/fields/<kind>.njk`, calls
 * that macro: a new kind is its own module and its own template, nothing else.
 */
export interface Field {
  readonly name: string;
  /** Names the template that shows the field: `views/engine/fields/<kind>.njk`. */
  readonly kind: string;
  readonly optional: boolean;
  /**
   * The most characters its inputs take together, for the form body limit
   * (form-body-limit.ts); left out by kinds whose inputs hold only the page's
   * own values or a few digits (choices, dates).
   */
  readonly maxCharacters?: number;
  /** Error codes this field can raise; each needs a translation. */
  readonly errorCodes: readonly string[];
  /** Translation keys (beyond label and errors) that must exist, e.g. option labels. */
  readonly extraKeys: readonly string[];
  /** The raw submitted value(s) for this field, kept to re-display on error. */
  readRaw(body: Record<string, unknown>): unknown;
  parse(raw: unknown, ctx: EngineContext): ParseResult;
  /** Whether a saved value is still acceptable (options change, dates move into the future, ...). */
  accepts(value: unknown, ctx: EngineContext): boolean;
  /** The parameters for the kind's template (its govuk-frontend macro's). */
  render(state: FieldState, opts: RenderOptions): FieldParams;
  summarise(value: unknown, t: Translator): SummaryValue;
  /** The message for one of this field's errors, for the inline error and the error summary. */
  describeError(error: FieldError, t: Translator): string;
  /** Whether the value counts as "not given" (optional fields left blank). */
  isEmpty(value: unknown): boolean;
}

export function fieldKey(name: string, suffix: string): string {
  return `journey:fields.${name}.${suffix}`;
}

export function errorFor(field: string, code: string, extra: Partial<Omit<FieldError, 'field' | 'code'>> = {}): FieldError {
  return { field, code, href: extra.href ?? `#${field}`, ...extra };
}

export function describeError(error: FieldError, t: Translator): string {
  return t(fieldKey(error.field, `errors.${error.code}`), error.params);
}

export function errorMessage(errors: readonly FieldError[] | undefined, t: Translator): { text: string } | undefined {
  const first = errors?.[0];
  return first ? { text: describeError(first, t) } : undefined;
}

/** One failed field: the usual shape of a parse failure. */
export function failed(error: FieldError): ParseResult {
  return { ok: false, errors: [error] };
}

/** Label/legend parameters shared by every field kind. */
export function labelParams(name: string, opts: RenderOptions): { text: string; isPageHeading: boolean; classes: string } {
  return {
    text: opts.t(fieldKey(name, 'label')),
    isPageHeading: opts.isPageHeading,
    classes: opts.isPageHeading ? 'govuk-label--l' : 'govuk-label--s',
  };
}

/** Fieldset legend parameters for the kinds that group inputs (choices, dates, addresses). */
export function legendParams(name: string, opts: RenderOptions): { text: string; isPageHeading: boolean; classes: string } {
  return {
    text: opts.t(fieldKey(name, 'label')),
    isPageHeading: opts.isPageHeading,
    classes: opts.isPageHeading ? 'govuk-fieldset__legend--l' : 'govuk-fieldset__legend--m',
  };
}

export function hintParams(name: string, t: Translator): { text: string } | undefined {
  const key = fieldKey(name, 'hint');
  return t.exists(key) ? { text: t(key) } : undefined;
}

/** Escape text for the few places govuk-frontend params take html. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
