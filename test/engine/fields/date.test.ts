import { describe, it, expect } from 'vitest';
import { dateField, describeDateError } from '../../../src/engine/fields/date.ts';
import type { Field, ParseResult } from '../../../src/engine/fields/field.ts';
import type { EngineContext, FieldError } from '../../../src/engine/types.ts';
import { renderFieldTemplate, renderMacro } from './field-template.ts';
import { errorsOf, onlyError, submit, valueOf } from './submit.ts';
import { fakeTranslator } from '../fake-translator.ts';
import { ctx } from '../sample-journey.ts';

const t = fakeTranslator();

describe('date', () => {
  const letterDate = dateField('letterDate', { notInFuture: true });
  const body = (day: string, month: string, year: string): Record<string, unknown> => ({
    'letterDate-day': day,
    'letterDate-month': month,
    'letterDate-year': year,
  });

  it.each<{ parts: [string, string, string]; code: string; wrong: string[]; href: string }>([
    { parts: ['', '', ''], code: 'required', wrong: ['day', 'month', 'year'], href: '#letterDate-day' },
    { parts: [' ', '  ', ''], code: 'required', wrong: ['day', 'month', 'year'], href: '#letterDate-day' },
    { parts: ['1', '', '2025'], code: 'incomplete', wrong: ['month'], href: '#letterDate-month' },
    { parts: ['1', '3', ''], code: 'incomplete', wrong: ['year'], href: '#letterDate-year' },
    { parts: ['', '', '2025'], code: 'incomplete', wrong: ['day', 'month'], href: '#letterDate-day' },
    { parts: ['31', '2', '2025'], code: 'invalid', wrong: ['day', 'month', 'year'], href: '#letterDate-day' },
    { parts: ['29', '2', '2025'], code: 'invalid', wrong: ['day', 'month', 'year'], href: '#letterDate-day' },
    { parts: ['32', '1', '2025'], code: 'invalid', wrong: ['day'], href: '#letterDate-day' },
    { parts: ['0', '1', '2025'], code: 'invalid', wrong: ['day'], href: '#letterDate-day' },
    { parts: ['1', '13', '2025'], code: 'invalid', wrong: ['month'], href: '#letterDate-month' },
    { parts: ['1', 'Smarch', '2025'], code: 'invalid', wrong: ['month'], href: '#letterDate-month' },
    { parts: ['x', '1', '25'], code: 'invalid', wrong: ['day', 'year'], href: '#letterDate-day' },
    { parts: ['1', '1', '25'], code: 'yearFormat', wrong: ['year'], href: '#letterDate-year' },
    { parts: ['1', '1', '20255'], code: 'yearFormat', wrong: ['year'], href: '#letterDate-year' },
    { parts: ['16', '6', '2025'], code: 'future', wrong: ['day', 'month', 'year'], href: '#letterDate-day' },
  ])('$parts → $code on $wrong', ({ parts, code, wrong, href }) => {
    expect(onlyError(submit(letterDate, body(...parts)))).toEqual({ field: 'letterDate', code, parts: wrong, href });
  });

  it.each<{ parts: [string, string, string]; saved: string }>([
    { parts: ['7', '3', '2025'], saved: '2025-03-07' },
    { parts: ['07', '03', '2025'], saved: '2025-03-07' },
    { parts: [' 7 ', ' 3 ', ' 2 025 '], saved: '2025-03-07' },
    { parts: ['1', 'Jan', '2025'], saved: '2025-01-01' },
    { parts: ['1', 'january', '2025'], saved: '2025-01-01' },
    { parts: ['1', 'Ionawr', '2025'], saved: '2025-01-01' },
    { parts: ['1', 'SEPT', '2024'], saved: '2024-09-01' },
    { parts: ['29', '2', '2024'], saved: '2024-02-29' },
    // Today itself is not in the future.
    { parts: ['15', '6', '2025'], saved: '2025-06-15' },
  ])('$parts → $saved', ({ parts, saved }) => {
    expect(valueOf(submit(letterDate, body(...parts)))).toBe(saved);
  });

  it('takes the first of repeated parts', () => {
    expect(valueOf(submit(letterDate, { 'letterDate-day': ['2', '3'], 'letterDate-month': '1', 'letterDate-year': '2025' }))).toBe('2025-01-02');
  });

  it('allows future dates unless told not to', () => {
    expect(valueOf(submit(dateField('meeting'), { 'meeting-day': '1', 'meeting-month': '1', 'meeting-year': '2030' }))).toBe('2030-01-01');
  });

  it('lets an optional date be left blank, but not half filled', () => {
    const optional = dateField('meeting', { optional: true });
    expect(submit(optional, {})).toEqual({ ok: true, value: '' });
    expect(onlyError(submit(optional, { 'meeting-day': '1' })).code).toBe('incomplete');
  });

  it.each([
    ['2025-03-07', true],
    ['2025-06-15', true],
    ['2025-06-16', false],
    ['2025-02-29', false],
    ['7/3/2025', false],
    ['2025-3-7', false],
    ['', false],
    [20250307, false],
  ])('accepts saved %j → %s (today is 2025-06-15)', (saved, accepted) => {
    expect(letterDate.accepts(saved, ctx)).toBe(accepted);
  });
});

describe('error codes and translations', () => {
  // validateJourney only insists on translations for `errorCodes`, so any code
  // parse can return must be listed there, or the page shows an untranslated key.
  it.each<{ what: string; field: Field; body: Record<string, unknown> }>([
    { what: 'optional date, half filled', field: dateField('a', { optional: true }), body: { 'a-day': '1' } },
    { what: 'date, in the future', field: dateField('a', { notInFuture: true }), body: { 'a-day': '1', 'a-month': '1', 'a-year': '2099' } },
  ])('$what: every error code is one the field declares', ({ field, body }) => {
    for (const error of errorsOf(submit(field, body))) expect(field.errorCodes).toContain(error.code);
  });
});

describe('render', () => {
  describe('date: govukDateInput', () => {
    const letterDate = dateField('letterDate');
    const items = (params: Record<string, unknown>): Array<{ name: string; value: unknown; classes: string }> =>
      params.items as Array<{ name: string; value: unknown; classes: string }>;

    it('splits a saved date into parts, with no error classes', () => {
      const params = letterDate.render({ value: '2025-03-07' }, { t, isPageHeading: true });
      expect(renderFieldTemplate(letterDate.kind, params)).toBe(renderMacro('date-input', 'govukDateInput', params));
      expect(params).toMatchObject({
        id: 'letterDate',
        namePrefix: 'letterDate',
        fieldset: { legend: { isPageHeading: true, classes: 'govuk-fieldset__legend--l' } },
        errorMessage: undefined,
      });
      expect(items(params)).toEqual([
        { name: 'day', label: 'engine:date.day', value: '7', classes: 'govuk-input--width-2', inputmode: 'numeric' },
        { name: 'month', label: 'engine:date.month', value: '3', classes: 'govuk-input--width-2', inputmode: 'numeric' },
        { name: 'year', label: 'engine:date.year', value: '2025', classes: 'govuk-input--width-4', inputmode: 'numeric' },
      ]);
    });

    it.each<{ wrong: string[]; message: string }>([
      { wrong: ['month'], message: 'journey:fields.letterDate.errors.incomplete{"parts":"engine:date.parts.month"}' },
      { wrong: ['day', 'year'], message: 'journey:fields.letterDate.errors.incomplete{"parts":"engine:date.parts.day engine:and engine:date.parts.year"}' },
      {
        wrong: ['day', 'month', 'year'],
        message: 'journey:fields.letterDate.errors.incomplete{"parts":"engine:date.parts.day, engine:date.parts.month engine:and engine:date.parts.year"}',
      },
    ])('marks only the wrong parts ($wrong) and names them in the message', ({ wrong, message }) => {
      const raw = { day: 'd', month: 'Smarch', year: '25' };
      const error: FieldError = { field: 'letterDate', code: 'incomplete', href: `#letterDate-${wrong[0] ?? 'day'}`, parts: wrong };
      const params = letterDate.render({ value: '2020-01-01', raw, errors: [error] }, { t, isPageHeading: false });
      expect(params).toMatchObject({ errorMessage: { text: message }, fieldset: { legend: { isPageHeading: false } } });
      for (const item of items(params)) {
        expect(item.value).toBe(raw[item.name as keyof typeof raw]);
        expect(item.classes.includes('govuk-input--error')).toBe(wrong.includes(item.name));
      }
    });

    it('shows a parse error exactly as parse reported it', () => {
      const field = dateField('letterDate', { notInFuture: true });
      const raw = field.readRaw({ 'letterDate-day': '1', 'letterDate-month': '', 'letterDate-year': '2025' });
      const result = field.parse(raw, ctx);
      const params = field.render({ raw, errors: errorsOf(result) }, { t, isPageHeading: true });
      expect(items(params).map((i) => i.classes.includes('govuk-input--error'))).toEqual([false, true, false]);
      expect(items(params).map((i) => i.value)).toEqual(['1', '', '2025']);
    });
  });
});

describe('summarise', () => {
  it.each<{ field: Field; value: unknown; shown: { text?: string; html?: string } }>([
    { field: dateField('a'), value: '2025-03-07', shown: { text: '7 March 2025' } },
  ])('$field.kind shows $value safely', ({ field, value, shown }) => {
    expect(field.summarise(value, t)).toEqual(shown);
  });
});

/** Limits on a date are the journey's choice, set per field; the engine has no idea what a letter or a birthday is. */
const parts = (day: number, month: number, year: number) => ({ day: String(day), month: String(month), year: String(year) });
const parse = (field: Field, day: number, month: number, year: number, at: EngineContext = ctx): ParseResult => field.parse(parts(day, month, year), at);
const code = (result: ParseResult) => (result.ok ? 'ok' : result.errors.map((e) => e.code).join());

describe('a date no more than N years ago (a letter that can still be a live case; today is 15 June 2025)', () => {
  const letter = dateField('letterDate', { notInFuture: true, notMoreThanYearsAgo: 3 });

  it.each([
    [15, 6, 2022, 'ok'],
    [14, 6, 2022, 'tooOld'],
    [1, 1, 1900, 'tooOld'],
    [16, 6, 2022, 'ok'],
    [15, 6, 2025, 'ok'],
    [16, 6, 2025, 'future'],
  ])('%i/%i/%i → %s', (day, month, year, expected) => {
    expect(code(parse(letter, day, month, year))).toBe(expected);
  });

  it('says the limit in the error, points at the whole date, and needs its message translated', () => {
    const result = parse(letter, 1, 1, 1900);
    const error = result.ok ? undefined : result.errors[0];
    if (!error) throw new Error('expected an error');
    expect(error).toMatchObject({ field: 'letterDate', code: 'tooOld', href: '#letterDate-day', parts: ['day', 'month', 'year'], params: { years: 3 } });
    expect(describeDateError(error, fakeTranslator())).toContain('"years":3');
    expect(letter.errorCodes).toContain('tooOld');
    expect(dateField('plain').errorCodes).not.toContain('tooOld');
  });

  it('a saved date that has since become too old is no longer accepted, so the walk asks again', () => {
    expect(letter.accepts('2022-06-20', ctx)).toBe(true);
    expect(letter.accepts('2022-06-20', { today: '2025-06-21' as EngineContext['today'] })).toBe(false);
  });
});

describe('a date at least N years ago (a date of birth of an adult aged 18 to 120)', () => {
  const birth = dateField('dateOfBirth', { notInFuture: true, atLeastYearsAgo: 18, notMoreThanYearsAgo: 120 });

  it.each([
    [15, 6, 2007, 'ok', 'eighteen today'],
    [16, 6, 2007, 'tooRecent', 'eighteen tomorrow'],
    [1, 1, 2020, 'tooRecent', 'a child'],
    [15, 6, 1905, 'ok', '120 today'],
    [14, 6, 1905, 'tooOld', 'over 120'],
  ])('%i/%i/%i → %s (%s)', (day, month, year, expected) => {
    expect(code(parse(birth, day, month, year))).toBe(expected);
  });

  it('someone born on 29 February turns 18 on 1 March in a common year', () => {
    const onLeapDay = { today: '2025-02-28' as EngineContext['today'] };
    expect(code(parse(birth, 29, 2, 2004, { today: '2022-02-28' as EngineContext['today'] }))).toBe('tooRecent');
    expect(code(parse(birth, 29, 2, 2004, { today: '2022-03-01' as EngineContext['today'] }))).toBe('ok');
    expect(code(parse(birth, 28, 2, 2007, onLeapDay))).toBe('ok');
    expect(code(parse(birth, 1, 3, 2007, onLeapDay))).toBe('tooRecent');
    expect(birth.errorCodes).toEqual(expect.arrayContaining(['tooOld', 'tooRecent']));
  });
});
