import { calendarDateFromParts, compareDates, formatLongDate, parseCalendarDate } from '../../rules/calendar-date.ts';
import { firstString } from '../clean.ts';
import type { EngineContext, FieldError, FieldParams, Translator } from '../types.ts';
import { errorFor, failed, fieldKey, hintParams, legendParams, type Field, type ParseResult } from './field.ts';

export interface DateOptions {
  readonly optional?: boolean;
  /** Dates after today are an error (e.g. the date on a letter already received). */
  readonly notInFuture?: boolean;
}

const PARTS = ['day', 'month', 'year'] as const;
type Part = (typeof PARTS)[number];
type RawDate = Record<Part, string>;

// People type month names as often as numbers; the Design System asks services to accept them.
const MONTH_NAMES: ReadonlyArray<readonly string[]> = [
  ['jan', 'january', 'ionawr'], ['feb', 'february', 'chwefror'], ['mar', 'march', 'mawrth'],
  ['apr', 'april', 'ebrill'], ['may', 'mai'], ['jun', 'june', 'mehefin'], ['jul', 'july', 'gorffennaf'],
  ['aug', 'august', 'awst'], ['sep', 'sept', 'september', 'medi'], ['oct', 'october', 'hydref'],
  ['nov', 'november', 'tachwedd'], ['dec', 'december', 'rhagfyr'],
];

function monthNumber(input: string): number | undefined {
  if (/^\d{1,2}$/.test(input)) return Number(input);
  const lower = input.toLowerCase();
  const index = MONTH_NAMES.findIndex((names) => names.includes(lower));
  return index === -1 ? undefined : index + 1;
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

function partError(name: string, code: string, parts: readonly Part[]): FieldError {
  return errorFor(name, code, { parts, href: `#${name}-${parts[0] ?? 'day'}` });
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
    errorCodes: [...(optional ? [] : ['required']), 'incomplete', 'invalid', 'yearFormat', ...(options.notInFuture ? ['future'] : [])],
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
      return { text: date ? formatLongDate(date, t.lang === 'cy' ? 'cy' : 'en') : '' };
    },
    isEmpty: (value) => value === '' || value === undefined,
    describeError: describeDateError,
  };
}

/** "Date on the letter must include a month and year": the missing parts are named in the page's language. */
export function describeDateError(error: FieldError, t: Translator): string {
  const parts = (error.parts ?? []).map((p) => t(`engine:date.parts.${p}`));
  const joined = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} ${t('engine:and')} ${parts.at(-1)}` : (parts[0] ?? '');
  return t(fieldKey(error.field, `errors.${error.code}`), { parts: joined });
}
