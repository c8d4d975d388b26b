import { z } from 'zod';
import { characterCount, cleanParagraphs, firstString } from '../clean.ts';
import type { FieldParams } from '../types.ts';
import { describeError, errorFor, failed, errorMessage, escapeHtml, hintParams, labelParams, type Field, type ParseResult } from './field.ts';

export interface TextareaOptions {
  readonly optional?: boolean;
  /** Character limit shown by the govuk character count component. */
  readonly maxLength: number;
  readonly rows?: number;
}

/** Long answers with the govuk-frontend character count. */
export function textareaField(name: string, options: TextareaOptions): Field {
  const optional = options.optional ?? false;
  const stored = z.string().refine((text) => characterCount(text) <= options.maxLength);

  function parse(raw: unknown): ParseResult {
    const cleaned = cleanParagraphs(raw);
    if (cleaned === '') return optional ? { ok: true, value: '' } : failed(errorFor(name, 'required'));
    // Counted as the character count component counts (countType 'characters'); \n is one once normalised.
    if (characterCount(cleaned) > options.maxLength) {
      return failed(errorFor(name, 'tooLong', { params: { max: options.maxLength } }));
    }
    return { ok: true, value: cleaned };
  }

  return {
    name,
    kind: 'textarea',
    optional,
    maxCharacters: options.maxLength,
    errorCodes: [...(optional ? [] : ['required']), 'tooLong'],
    extraKeys: [],
    readRaw: (body) => firstString(body[name]),
    parse,
    accepts: (value) => stored.safeParse(value).success && (value !== '' || optional) && parse(value).ok,
    render(state, opts): FieldParams {
      const value = state.errors ? state.raw : state.value;
      return {
        id: name,
        name,
        maxlength: options.maxLength,
        // Grapheme clusters, as parse counts: an emoji is one character, not two.
        countType: 'characters',
        rows: options.rows ?? 8,
        label: labelParams(name, opts),
        hint: hintParams(name, opts.t),
        value: typeof value === 'string' ? value : undefined,
        errorMessage: errorMessage(state.errors, opts.t),
      };
    },
    summarise(value) {
      const text = typeof value === 'string' ? value : '';
      // Keep the applicant's paragraphs on check-your-answers.
      return {
        html: text
          .split('\n')
          .map((line) => escapeHtml(line))
          .join('<br>'),
      };
    },
    isEmpty: (value) => value === '' || value === undefined,
    describeError,
  };
}
