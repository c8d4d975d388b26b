import { firstString } from '../clean.ts';
import type { FieldParams, Translator } from '../types.ts';
import { describeError, errorFor, errorMessage, failed, fieldKey, hintParams, labelParams, type Field } from './field.ts';

/** One option of a list that comes from outside the journey; its text is shown as it is (a name, not a word to translate). */
export interface SelectOption {
  readonly value: string;
  readonly text: string;
}

export interface SelectOptions {
  /**
   * The list, asked for each time it is needed (to show, to check a post, to
   * accept a saved answer), so that a list that changes while the service
   * runs, such as a directory operators import, is always the current one.
   * Keep it cheap: it is called on every request that uses the field.
   */
  readonly options: () => readonly SelectOption[];
  /** The journey's own options after the list, translated (`options.<value>.label`), e.g. "My agency is not listed". */
  readonly fixedOptions?: readonly string[];
  /**
   * With JavaScript, accessible-autocomplete turns the select into a text box
   * that suggests options as the person types (public/javascripts/select-autocomplete.mjs);
   * the fixed options are suggested whatever is typed. Without JavaScript it
   * stays a plain select.
   */
  readonly autocomplete?: boolean;
  readonly optional?: boolean;
}

/**
 * accessible-autocomplete's messages to screen readers, in the page's
 * language: the script reads them from the select's data attributes.
 * `{count}`, `{position}`, `{option}` and `{selected}` are filled in there.
 */
export const AUTOCOMPLETE_MESSAGES = [
  'noResults',
  'statusNoResults',
  'statusSelectedOption',
  'statusResultsOne',
  'statusResultsOther',
  'assistiveHint',
] as const;

const autocompleteKey = (message: string): string => `engine:select.autocomplete.${message}`;
const DEFAULT_PLACEHOLDER = 'engine:select.placeholder';

/** `statusResultsOne` → `data-status-results-one` */
const dataAttribute = (message: string): string => `data-${message.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * One answer from a list too long for radios (govukSelect), e.g. the agency
 * directory. The first option is a prompt with no value (`fields.<name>.placeholder`,
 * or the engine's "Select an option"), so that nothing is chosen until the
 * person chooses.
 */
export function selectField(name: string, options: SelectOptions): Field {
  const optional = options.optional ?? false;
  const fixed = options.fixedOptions ?? [];
  const fixedKey = (value: string): string => fieldKey(name, `options.${value}.label`);
  const isOption = (value: unknown): value is string =>
    typeof value === 'string' && value !== '' && (fixed.includes(value) || options.options().some((o) => o.value === value));
  const textOf = (value: string, t: Translator): string | undefined =>
    fixed.includes(value) ? t(fixedKey(value)) : options.options().find((o) => o.value === value)?.text;

  return {
    name,
    kind: 'select',
    optional,
    // 'unknown': a value that is not (or no longer) in the list, e.g. from a page loaded before the list changed.
    errorCodes: [...(optional ? [] : ['required']), 'unknown'],
    extraKeys: [...fixed.map(fixedKey), DEFAULT_PLACEHOLDER, ...(options.autocomplete ? AUTOCOMPLETE_MESSAGES.map(autocompleteKey) : [])],
    readRaw: (body) => firstString(body[name]),
    parse(raw) {
      if (raw === undefined || raw === '') return optional ? { ok: true, value: '' } : failed(errorFor(name, 'required'));
      return isOption(raw) ? { ok: true, value: raw } : failed(errorFor(name, 'unknown'));
    },
    accepts: (value) => isOption(value) || (optional && value === ''),
    render(state, opts): FieldParams {
      const { t } = opts;
      const current = state.errors ? state.raw : state.value;
      const chosen = isOption(current) ? current : undefined;
      const placeholderKey = fieldKey(name, 'placeholder');
      const alwaysOffered = options.autocomplete ? { 'data-always-offered': 'true' } : undefined;
      return {
        id: name,
        name,
        label: labelParams(name, opts),
        hint: hintParams(name, t),
        items: [
          { value: '', text: t(t.exists(placeholderKey) ? placeholderKey : DEFAULT_PLACEHOLDER), selected: chosen === undefined },
          ...options.options().map((o) => ({ value: o.value, text: o.text, selected: o.value === chosen })),
          ...fixed.map((value) => ({ value, text: t(fixedKey(value)), selected: value === chosen, attributes: alwaysOffered })),
        ],
        attributes: options.autocomplete
          ? {
              'data-module': 'app-select-autocomplete',
              ...Object.fromEntries(AUTOCOMPLETE_MESSAGES.map((message) => [dataAttribute(message), t(autocompleteKey(message))])),
            }
          : undefined,
        errorMessage: errorMessage(state.errors, t),
      };
    },
    summarise: (value, t) => ({ text: typeof value === 'string' && value !== '' ? (textOf(value, t) ?? '') : '' }),
    isEmpty: (value) => value === '' || value === undefined,
    describeError,
  };
}
