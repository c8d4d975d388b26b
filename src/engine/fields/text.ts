import { z } from 'zod';
import { characterCount, cleanLine, firstString } from '../clean.ts';
import type { EngineContext, FieldParams, SummaryValue, Translator } from '../types.ts';
import {
  describeError,
  errorFor,
  failed,
  errorMessage,
  hintParams,
  labelParams,
  type Field,
  type FieldState,
  type ParseResult,
  type RenderOptions,
} from './field.ts';

export interface TextOptions {
  readonly optional?: boolean;
  readonly maxLength?: number;
  readonly autocomplete?: string;
  readonly inputmode?: 'text' | 'email' | 'tel' | 'numeric';
  readonly type?: 'text' | 'email' | 'tel';
  /** govuk-frontend width class, e.g. 'govuk-input--width-20' or 'govuk-!-width-two-thirds'. */
  readonly width?: string;
  readonly spellcheck?: boolean;
}

/**
 * Extra format checks for text-like kinds (email, phone, ...): return a cleaned
 * value, or an error code.
 */
export type FormatCheck = (cleaned: string) => { ok: true; value: string } | { ok: false; code: string };

export function textLikeField(name: string, kind: string, options: TextOptions, format?: { codes: readonly string[]; check: FormatCheck }): Field {
  const maxLength = options.maxLength ?? 200;
  const optional = options.optional ?? false;
  const stored = z.string().refine((text) => characterCount(text) <= maxLength);

  function parse(raw: unknown, _ctx: EngineContext): ParseResult {
    const cleaned = cleanLine(raw);
    if (cleaned === '') {
      return optional ? { ok: true, value: '' } : failed(errorFor(name, 'required'));
    }
    if (characterCount(cleaned) > maxLength) return failed(errorFor(name, 'tooLong', { params: { max: maxLength } }));
    if (format) {
      const checked = format.check(cleaned);
      if (!checked.ok) return failed(errorFor(name, checked.code));
      return { ok: true, value: checked.value };
    }
    return { ok: true, value: cleaned };
  }

  return {
    name,
    kind,
    optional,
    maxCharacters: maxLength,
    errorCodes: [...(optional ? [] : ['required']), 'tooLong', ...(format?.codes ?? [])],
    extraKeys: [],
    readRaw: (body) => firstString(body[name]),
    parse,
    accepts(value, ctx) {
      if (!stored.safeParse(value).success) return false;
      if (value === '') return optional;
      return parse(value, ctx).ok;
    },
    render(state: FieldState, opts: RenderOptions): FieldParams {
      const value = state.errors ? state.raw : state.value;
      return {
        id: name,
        name,
        type: options.type ?? 'text',
        inputmode: options.inputmode,
        autocomplete: options.autocomplete,
        spellcheck: options.spellcheck ?? (options.type === 'email' ? false : undefined),
        classes: options.width,
        label: labelParams(name, opts),
        hint: hintParams(name, opts.t),
        value: typeof value === 'string' ? value : undefined,
        errorMessage: errorMessage(state.errors, opts.t),
      };
    },
    summarise(value: unknown, _t: Translator): SummaryValue {
      return { text: typeof value === 'string' ? value : '' };
    },
    isEmpty: (value) => value === '' || value === undefined,
    describeError,
  };
}

export function textField(name: string, options: TextOptions = {}): Field {
  return textLikeField(name, 'text', options);
}
