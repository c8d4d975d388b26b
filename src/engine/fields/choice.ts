import { z } from 'zod';
import { firstString } from '../clean.ts';
import type { FieldParams, Translator } from '../types.ts';
import { describeError, errorFor, failed, errorMessage, escapeHtml, fieldKey, hintParams, legendParams, type Field } from './field.ts';

export interface ChoiceOptions {
  readonly optional?: boolean;
  /** Show options side by side (yes/no). */
  readonly inline?: boolean;
  /** Options that get a hint under their label (translation `options.<value>.hint`). */
  readonly hinted?: readonly string[];
  /** Put an "or" divider before this option. */
  readonly dividerBefore?: string;
  /** Checkboxes: an option that clears the others ("None of these"). */
  readonly exclusive?: string;
}

function optionKey(name: string, value: string): string {
  return fieldKey(name, `options.${value}.label`);
}

function items(name: string, values: readonly string[], options: ChoiceOptions, t: Translator, isChecked: (v: string) => boolean): unknown[] {
  const list: unknown[] = [];
  for (const value of values) {
    if (value === options.dividerBefore) list.push({ divider: t('engine:or') });
    list.push({
      value,
      text: t(optionKey(name, value)),
      hint: options.hinted?.includes(value) ? { text: t(fieldKey(name, `options.${value}.hint`)) } : undefined,
      checked: isChecked(value),
      behaviour: value === options.exclusive ? 'exclusive' : undefined,
    });
  }
  return list;
}

function choiceKeys(name: string, values: readonly string[], options: ChoiceOptions): string[] {
  return [...values.map((v) => optionKey(name, v)), ...(options.hinted ?? []).map((v) => fieldKey(name, `options.${v}.hint`))];
}

/** One answer from a list (govukRadios). */
export function radiosField(name: string, values: readonly [string, ...string[]], options: ChoiceOptions = {}): Field {
  const optional = options.optional ?? false;
  const schema = z.enum(values);
  return {
    name,
    kind: 'radios',
    optional,
    // 'required' even when optional: a value that is not an option is asked again with it.
    errorCodes: ['required'],
    extraKeys: choiceKeys(name, values, options),
    readRaw: (body) => firstString(body[name]),
    parse(raw) {
      if (raw === undefined || raw === '') {
        return optional ? { ok: true, value: '' } : failed(errorFor(name, 'required'));
      }
      // A value that is not an option can only come from a crafted or stale form: ask again.
      const parsed = schema.safeParse(raw);
      return parsed.success ? { ok: true, value: parsed.data } : failed(errorFor(name, 'required'));
    },
    accepts: (value) => schema.safeParse(value).success || (optional && value === ''),
    render(state, opts): FieldParams {
      const current = state.errors ? state.raw : state.value;
      return {
        idPrefix: name,
        name,
        classes: options.inline ? 'govuk-radios--inline' : undefined,
        fieldset: { legend: legendParams(name, opts) },
        hint: hintParams(name, opts.t),
        items: items(name, values, options, opts.t, (v) => v === current),
        errorMessage: errorMessage(state.errors, opts.t),
      };
    },
    summarise: (value, t) => ({ text: typeof value === 'string' && value !== '' ? t(optionKey(name, value)) : '' }),
    isEmpty: (value) => value === '' || value === undefined,
    describeError,
  };
}

/** Yes or no, side by side. */
export function yesNoField(name: string, options: Omit<ChoiceOptions, 'inline'> = {}): Field {
  return radiosField(name, ['yes', 'no'], { ...options, inline: true });
}

/** Any number of answers from a list (govukCheckboxes), optionally with an exclusive "none" option. */
export function checkboxesField(name: string, values: readonly [string, ...string[]], options: ChoiceOptions = {}): Field {
  const optional = options.optional ?? false;
  const schema = z.array(z.enum(values));
  const asList = (raw: unknown): unknown[] => (raw === undefined || raw === '' ? [] : Array.isArray(raw) ? raw : [raw]);
  return {
    name,
    kind: 'checkboxes',
    optional,
    errorCodes: ['required', ...(options.exclusive ? ['exclusive'] : [])],
    extraKeys: choiceKeys(name, values, options),
    readRaw: (body) => asList(body[name]),
    parse(raw) {
      const list = asList(raw);
      if (list.length === 0) return optional ? { ok: true, value: [] } : failed(errorFor(name, 'required'));
      const parsed = schema.safeParse([...new Set(list)]);
      if (!parsed.success) return failed(errorFor(name, 'required'));
      if (options.exclusive && parsed.data.includes(options.exclusive) && parsed.data.length > 1) {
        return failed(errorFor(name, 'exclusive'));
      }
      // Keep the order of the options, not the order the browser sent them in.
      return { ok: true, value: values.filter((v) => parsed.data.includes(v)) };
    },
    accepts(value) {
      const parsed = schema.safeParse(value);
      return parsed.success && (optional || parsed.data.length > 0);
    },
    render(state, opts): FieldParams {
      const current = asList(state.errors ? state.raw : state.value);
      return {
        idPrefix: name,
        name,
        fieldset: { legend: legendParams(name, opts) },
        hint: hintParams(name, opts.t),
        items: items(name, values, { ...options, dividerBefore: options.dividerBefore ?? options.exclusive }, opts.t, (v) => current.includes(v)),
        errorMessage: errorMessage(state.errors, opts.t),
      };
    },
    summarise(value, t) {
      const list = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
      return {
        html: list
          .map((v) => t(optionKey(name, v)))
          .map(escapeHtml)
          .join('<br>'),
      };
    },
    isEmpty: (value) => !Array.isArray(value) || value.length === 0,
    describeError,
  };
}
