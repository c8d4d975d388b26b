import { describe, expect, it } from 'vitest';
import { dateField, describeDateError } from '../../../src/engine/fields/date.ts';
import type { Field, ParseResult } from '../../../src/engine/fields/field.ts';
import type { EngineContext } from '../../../src/engine/types.ts';
import { fakeTranslator } from './fake-translator.ts';
import { ctx } from './sample-journey.ts';

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
