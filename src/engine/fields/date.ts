import { calendarDateFromParts, compareDates, formatLongDate, parseCalendarDate } from '../../dates/calendar-date.ts';
import { firstString } from '../clean.ts';
import { monthFromName } from '../month-names.ts';
import type { EngineContext, FieldError, FieldParams, Translator } from '../types.ts';
import { errorFor, failed, fieldKey, hintParams, legendParams, type Field, type ParseResult } from './field.ts';

export interface DateOptions {
  readonly optional?: boolean;
  /** Dates after today are an error (e.g. the date on a letter already received). */
  readonly notInFuture?: boolean;
  /**
   * Dates more than this many years before today are an error, code `tooOld`
   * (e.g. 3 for a letter that could still be a live case, 120 for a date of birth).
   */
  readonly notMoreThanYearsAgo?: number;
  /** Dates less than this many years before today are an error, code `tooRecent` (e.g. 18 for an adult's date of birth). */
  readonly atLeastYearsAgo?: number;
}

/** The same day `years` years before `date` (29 February becomes 28 February), as YYYY-MM-DD. */
function yearsBefore(date: string, years: number): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const y = year - years;
  const lastDay = new Date(Date.UTC(y, month, 0)).getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}

const PARTS = ['day', 'month', 'year'] as const;
type Part = (typeof PARTS)[number];
type RawDate = Record<Part, string>;

// People type month names as often as numbers (month-names.ts).
function monthNumber(input: string): number | undefined {
  if (/^\d{1,2}$/.test(input)) return Number(input);
  return monthFromName(input);
}

function readParts(body: Record<string, unknown>, name: string): RawDate {
  const read = (part: Part): string => {
    const v = firstString(body[`${name}-${part}`]);
    return typeof v === 'string' ? v.replace(/\s+/g, '') : '';
  };
  return { day: read('day'), month: read('month'), year: read('year') };
}

function isRawDate(raw: unknown): raw is RawDate {
  return typeof raw === 'object' && raw !== null && PARTS.every((p) => typeof (raw as Record<string, unknown>)[p] === 'string');
}

function partError(name: string, code: string, parts: readonly Part[], params?: Record<string, number>): FieldError {
  return errorFor(name, code, { parts, href: `#${name}-${parts[0] ?? 'day'}`, ...(params ? { params } : {}) });
}

/** A GOV.UK date input (day, month, year) stored as YYYY-MM-DD; errors point at the wrong part. */
export function dateField(name: string, options: DateOptions = {}): Field {
  const optional = options.optional ?? false;

  function parse(raw: unknown, ctx: EngineContext): ParseResult {
    if (!isRawDate(raw)) return failed(partError(name, 'required', PARTS));
    const missing = PARTS.filter((p) => raw[p] === '');
    if (missing.length === PARTS.length) {
      return optional ? { ok: true, value: '' } : failed(partError(name, 'required', PARTS));
    }
    if (missing.length > 0) return failed(partError(name, 'incomplete', missing));
    const month = monthNumber(raw.month);
    const wrong: Part[] = [];
    if (!/^\d{1,2}$/.test(raw.day) || Number(raw.day) < 1 || Number(raw.day) > 31) wrong.push('day');
    if (month === undefined || month < 1 || month > 12) wrong.push('month');
    if (!/^\d{4}$/.test(raw.year)) wrong.push('year');
    if (wrong.length > 0) return failed(partError(name, wrong.length === 1 && wrong[0] === 'year' ? 'yearFormat' : 'invalid', wrong));
    const date = calendarDateFromParts(Number(raw.year), month ?? 0, Number(raw.day));
    // 31 February and friends: every part looks fine alone, so mark the whole date.
    if (!date) return failed(partError(name, 'invalid', PARTS));
    if (options.notInFuture && compareDates(date, ctx.today) > 0) {
      return failed(partError(name, 'future', PARTS));
    }
    // ISO dates compare as text; the limits are whole years back from today.
    const { notMoreThanYearsAgo: oldest, atLeastYearsAgo: newest } = options;
    if (oldest !== undefined && date < yearsBefore(ctx.today, oldest)) {
      return failed(partError(name, 'tooOld', PARTS, { years: oldest }));
    }
    if (newest !== undefined && date > yearsBefore(ctx.today, newest)) {
      return failed(partError(name, 'tooRecent', PARTS, { years: newest }));
    }
    return { ok: true, value: date };
  }

  function partsOf(value: unknown): RawDate | undefined {
    const date = parseCalendarDate(value);
    if (!date) return undefined;
    const [year = '', month = '', day = ''] = date.split('-');
    return { day: String(Number(day)), month: String(Number(month)), year };
  }

  return {
    name,
    kind: 'date',
    optional,
    errorCodes: [
      ...(optional ? [] : ['required']),
      'incomplete',
      'invalid',
      'yearFormat',
      ...(options.notInFuture ? ['future'] : []),
      ...(options.notMoreThanYearsAgo !== undefined ? ['tooOld'] : []),
      ...(options.atLeastYearsAgo !== undefined ? ['tooRecent'] : []),
    ],
    extraKeys: ['engine:date.day', 'engine:date.month', 'engine:date.year', 'engine:date.parts.day', 'engine:date.parts.month', 'engine:date.parts.year'],
    readRaw: (body) => readParts(body, name),
    parse,
    accepts(value, ctx) {
      if (value === '') return optional;
      const parts = partsOf(value);
      return parts !== undefined && parse(parts, ctx).ok;
    },
    render(state, opts): FieldParams {
      const raw = state.errors && isRawDate(state.raw) ? state.raw : partsOf(state.value);
      const wrong = new Set(state.errors?.[0]?.parts ?? []);
      const width: Record<Part, string> = { day: 'govuk-input--width-2', month: 'govuk-input--width-2', year: 'govuk-input--width-4' };
      return {
        id: name,
        namePrefix: name,
        fieldset: {
          legend: legendParams(name, opts),
        },
        hint: hintParams(name, opts.t),
        errorMessage: state.errors?.[0] ? { text: describeDateError(state.errors[0], opts.t) } : undefined,
        items: PARTS.map((part) => ({
          name: part,
          label: opts.t(`engine:date.${part}`),
          value: raw?.[part],
          classes: `${width[part]}${wrong.has(part) ? ' govuk-input--error' : ''}`,
          inputmode: 'numeric',
        })),
      };
    },
    summarise: (value, t) => {
      const date = parseCalendarDate(value);
      return { text: date ? formatLongDate(date, t.lang) : '' };
    },
    isEmpty: (value) => value === '' || value === undefined,
    describeError: describeDateError,
  };
}

/** "Date on the letter must include a month and year": the missing parts are named in the page's language. */
export function describeDateError(error: FieldError, t: Translator): string {
  const parts = (error.parts ?? []).map((p) => t(`engine:date.parts.${p}`));
  const joined = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} ${t('engine:and')} ${parts.at(-1) ?? ''}` : (parts[0] ?? '');
  return t(fieldKey(error.field, `errors.${error.code}`), { ...error.params, parts: joined });
}
