import { describe, it, expect } from 'vitest';
import { addressField } from '../../../src/engine/fields/address.ts';
import { checkboxesField, radiosField, yesNoField } from '../../../src/engine/fields/choice.ts';
import { dateField } from '../../../src/engine/fields/date.ts';
import { emailField } from '../../../src/engine/fields/email.ts';
import type { Field, ParseResult } from '../../../src/engine/fields/field.ts';
import { phoneField } from '../../../src/engine/fields/phone.ts';
import { textField } from '../../../src/engine/fields/text.ts';
import { textareaField } from '../../../src/engine/fields/textarea.ts';
import type { FieldError } from '../../../src/engine/types.ts';
import { fakeTranslator } from './fake-translator.ts';
import { ctx } from './sample-journey.ts';

/** What a person's form post turns into: readRaw over the body, then parse. */
function submit(field: Field, body: Record<string, unknown>): ParseResult {
  return field.parse(field.readRaw(body), ctx);
}

function valueOf(result: ParseResult): unknown {
  if (!result.ok) throw new Error(`expected a value, got errors ${JSON.stringify(result.errors)}`);
  return result.value;
}

function errorsOf(result: ParseResult): readonly FieldError[] {
  if (result.ok) throw new Error(`expected errors, got the value ${JSON.stringify(result.value)}`);
  return result.errors;
}

function onlyError(result: ParseResult): FieldError {
  const errors = errorsOf(result);
  expect(errors).toHaveLength(1);
  const [error] = errors;
  if (!error) throw new Error('no error');
  return error;
}

const t = fakeTranslator();

describe('text', () => {
  const name = textField('fullName', { maxLength: 20 });
  const optional = textField('nickname', { optional: true });

  it.each([
    ['Sam Smith', 'Sam Smith'],
    ['  Sam   Smith  ', 'Sam Smith'],
    ['Sam\t\tSmith', 'Sam Smith'],
    ['Sam\u00A0Smith', 'Sam Smith'],
    ['\u201CSam\u201D O\u2019Brien', '"Sam" O\'Brien'],
    ['\u2018quoted\u2019', "'quoted'"],
    ['Sam\u0000Smith\u0007', 'Sam Smith'],
    ['Sam\r\nSmith\n', 'Sam Smith'],
    ['x'.repeat(20), 'x'.repeat(20)],
    // The limit applies to the cleaned answer, not to the spaces around it.
    [`   ${'x'.repeat(20)}   `, 'x'.repeat(20)],
  ])('cleans %j to %j', (raw, cleaned) => {
    expect(valueOf(submit(name, { fullName: raw }))).toBe(cleaned);
  });

  it.each([[''], ['   '], ['\u0000\t'], [undefined], [{ nested: 'object' }]])('requires an answer: %j', (raw) => {
    expect(onlyError(submit(name, { fullName: raw }))).toEqual({ field: 'fullName', code: 'required', href: '#fullName' });
  });

  it('says how long an answer may be', () => {
    expect(onlyError(submit(name, { fullName: 'x'.repeat(21) }))).toMatchObject({ code: 'tooLong', params: { max: 20 }, href: '#fullName' });
  });

  it('takes the first of a repeated form value', () => {
    expect(valueOf(submit(name, { fullName: ['First', 'Second'] }))).toBe('First');
  });

  it('lets an optional field be left blank, saved as an empty string', () => {
    expect(valueOf(submit(optional, { nickname: '  ' }))).toBe('');
    expect(valueOf(submit(optional, {}))).toBe('');
  });

  it.each([
    [name, 'Sam', true],
    [name, '', false],
    [name, 'x'.repeat(21), false],
    [name, 42, false],
    [name, null, false],
    [optional, '', true],
  ])('accepts(%#): saved %j → %s', (field, saved, accepted) => {
    expect(field.accepts(saved, ctx)).toBe(accepted);
  });
});

describe('textarea', () => {
  const story = textareaField('story', { maxLength: 9 });
  const long = textareaField('story', { maxLength: 1000 });

  it.each([
    ['First para.\r\n\r\nSecond para.', 'First para.\n\nSecond para.'],
    ['Old Mac\rline', 'Old Mac\nline'],
    ['one\n\n\n\n\ntwo', 'one\n\ntwo'],
    ['trailing   \nspaces\t\nhere', 'trailing\nspaces\nhere'],
    ['  \n  indented stays\n', 'indented stays'],
    ['bell\u0007 gone', 'bell gone'],
    ['\u201Cquoted\u201D', '"quoted"'],
  ])('keeps paragraphs: %j → %j', (raw, cleaned) => {
    expect(valueOf(submit(long, { story: raw }))).toBe(cleaned);
  });

  it('counts a CRLF line break as one character, as the character count does', () => {
    expect(valueOf(submit(story, { story: 'abcd\r\nefgh' }))).toBe('abcd\nefgh');
    expect(onlyError(submit(story, { story: 'abcd\r\nefghi' }))).toMatchObject({ code: 'tooLong', params: { max: 9 } });
  });

  it('requires an answer unless optional', () => {
    expect(onlyError(submit(story, { story: ' \r\n ' })).code).toBe('required');
    expect(valueOf(submit(textareaField('story', { maxLength: 9, optional: true }), { story: '' }))).toBe('');
  });

  it.each([
    ['line one\nline two', true],
    ['', false],
    ['x'.repeat(1001), false],
    [['not', 'text'], false],
  ])('accepts saved %j → %s', (saved, accepted) => {
    expect(long.accepts(saved, ctx)).toBe(accepted);
  });
});

describe('email', () => {
  const email = emailField('email');

  it.each([
    ['sam@example.com', 'sam@example.com'],
    ['  sam@example.com  ', 'sam@example.com'],
    ['sam @ example.com', 'sam@example.com'],
    ['sam.smith+irm@example.co.uk', 'sam.smith+irm@example.co.uk'],
  ])('accepts %j as %j', (raw, saved) => {
    expect(valueOf(submit(email, { email: raw }))).toBe(saved);
  });

  it.each(['sam', 'sam@', '@example.com', 'sam@example', 'sam@@example.com', 'sam@exa mple'])('rejects %j as a bad format', (raw) => {
    // 'sam@exa mple' loses its space and becomes 'sam@example', still without a domain ending.
    expect(onlyError(submit(email, { email: raw }))).toEqual({ field: 'email', code: 'format', href: '#email' });
  });

  it('requires an answer', () => {
    expect(onlyError(submit(email, { email: '' })).code).toBe('required');
  });
});

describe('phone', () => {
  const phone = phoneField('phone');

  // The Ofcom drama numbers are the examples the Design System and the error message give,
  // so people copy them: a check on allocated ranges would refuse them.
  it.each(['07700 900 982', '+44 7700 900982', '01632 960 001', '(020) 7946 0000', '020 7946 0000', '02079460000', '07911 123456', '07911-123-456', '0044 20 7946 0000', '+1 202 555 0143'])(
    'accepts %j, kept as typed',
    (raw) => {
      expect(valueOf(submit(phone, { phone: raw }))).toBe(raw);
    },
  );

  it.each(['123', 'abc', '0791', '07911 1234567', '+44 20', '+999 1234', '++44 7911 123456'])('rejects %j', (raw) => {
    expect(onlyError(submit(phone, { phone: raw }))).toEqual({ field: 'phone', code: 'format', href: '#phone' });
  });

  it('lets an optional number be left blank', () => {
    expect(submit(phoneField('phone', { optional: true }), { phone: ' ' })).toEqual({ ok: true, value: '' });
  });
});

describe('radios and yes/no', () => {
  const colour = radiosField('colour', ['red', 'green', 'blue']);
  const optionalColour = radiosField('colour', ['red', 'green', 'blue'], { optional: true });

  it.each<{ body: Record<string, unknown>; result: ParseResult }>([
    { body: { colour: 'green' }, result: { ok: true, value: 'green' } },
    { body: { colour: ['blue', 'red'] }, result: { ok: true, value: 'blue' } },
    { body: {}, result: { ok: false, errors: [{ field: 'colour', code: 'required', href: '#colour' }] } },
    { body: { colour: '' }, result: { ok: false, errors: [{ field: 'colour', code: 'required', href: '#colour' }] } },
    // A value not in the list comes from a stale or crafted form: ask again.
    { body: { colour: 'purple' }, result: { ok: false, errors: [{ field: 'colour', code: 'required', href: '#colour' }] } },
    { body: { colour: 'Green' }, result: { ok: false, errors: [{ field: 'colour', code: 'required', href: '#colour' }] } },
  ])('$body → $result.ok', ({ body, result }) => {
    expect(submit(colour, body)).toEqual(result);
  });

  it('lets an optional question be skipped', () => {
    expect(submit(optionalColour, {})).toEqual({ ok: true, value: '' });
    expect(optionalColour.accepts('', ctx)).toBe(true);
    expect(colour.accepts('', ctx)).toBe(false);
  });

  it.each([
    ['red', true],
    ['purple', false],
    [['red'], false],
    [undefined, false],
  ])('accepts saved %j → %s', (saved, accepted) => {
    expect(colour.accepts(saved, ctx)).toBe(accepted);
  });

  it.each([
    ['yes', { ok: true, value: 'yes' }],
    ['no', { ok: true, value: 'no' }],
    ['maybe', { ok: false, errors: [{ field: 'agree', code: 'required', href: '#agree' }] }],
    ['', { ok: false, errors: [{ field: 'agree', code: 'required', href: '#agree' }] }],
  ])('yes/no: %j', (raw, result) => {
    expect(submit(yesNoField('agree'), { agree: raw })).toEqual(result);
  });
});

describe('checkboxes', () => {
  const extras = checkboxesField('extras', ['insurance', 'microchip', 'collar', 'none'], { exclusive: 'none' });

  it.each<{ body: Record<string, unknown>; value: string[] }>([
    { body: { extras: 'microchip' }, value: ['microchip'] },
    { body: { extras: ['collar', 'insurance'] }, value: ['insurance', 'collar'] },
    { body: { extras: ['microchip', 'microchip'] }, value: ['microchip'] },
    { body: { extras: ['none'] }, value: ['none'] },
  ])('$body → $value (in the order of the options)', ({ body, value }) => {
    expect(valueOf(submit(extras, body))).toEqual(value);
  });

  it.each<{ body: Record<string, unknown>; code: string }>([
    { body: {}, code: 'required' },
    { body: { extras: '' }, code: 'required' },
    { body: { extras: [] }, code: 'required' },
    { body: { extras: ['none', 'collar'] }, code: 'exclusive' },
    { body: { extras: ['laser'] }, code: 'required' },
    { body: { extras: ['collar', 'laser'] }, code: 'required' },
  ])('$body → $code', ({ body, code }) => {
    expect(onlyError(submit(extras, body))).toEqual({ field: 'extras', code, href: '#extras' });
  });

  it('reads a single ticked box as a list of one', () => {
    expect(extras.readRaw({ extras: 'collar' })).toEqual(['collar']);
    expect(extras.readRaw({})).toEqual([]);
  });

  it('lets an optional question be left with nothing ticked', () => {
    expect(submit(checkboxesField('extras', ['a', 'b'], { optional: true }), {})).toEqual({ ok: true, value: [] });
  });

  it.each([
    [['collar'], true],
    [[], false],
    [['laser'], false],
    ['collar', false],
  ])('accepts saved %j → %s', (saved, accepted) => {
    expect(extras.accepts(saved, ctx)).toBe(accepted);
  });
});

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

describe('address', () => {
  const home = addressField('home');
  const body = (parts: Partial<Record<'line1' | 'line2' | 'town' | 'county' | 'postcode', unknown>>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(parts).map(([part, value]) => [`home-${part}`, value]));
  const full = { line1: '1 High Street', line2: 'Flat 2', town: 'London', county: '', postcode: 'SW1A 2AA' };

  it('saves a full address', () => {
    expect(valueOf(submit(home, body(full)))).toEqual(full);
  });

  it.each([
    ['sw1a2aa', 'SW1A 2AA'],
    [' sw1a 2aa ', 'SW1A 2AA'],
    ['M1 1AE', 'M1 1AE'],
    ['cf101aa', 'CF10 1AA'],
  ])('normalises the postcode %j to %j', (raw, postcode) => {
    expect(valueOf(submit(home, body({ ...full, postcode: raw })))).toMatchObject({ postcode });
  });

  it.each<{ change: Record<string, string>; code: string; part: string }>([
    { change: { line1: '' }, code: 'line1Required', part: 'line1' },
    { change: { town: '  ' }, code: 'townRequired', part: 'town' },
    { change: { postcode: '' }, code: 'postcodeRequired', part: 'postcode' },
    { change: { postcode: 'ABC 123' }, code: 'postcodeFormat', part: 'postcode' },
    { change: { postcode: 'SW1A 2AAA' }, code: 'postcodeFormat', part: 'postcode' },
    { change: { line2: 'x'.repeat(101) }, code: 'tooLong', part: 'line2' },
  ])('$change → $code at #home-$part', ({ change, code, part }) => {
    expect(onlyError(submit(home, body({ ...full, ...change })))).toMatchObject({ field: 'home', code, href: `#home-${part}`, parts: [part] });
  });

  it('reports every missing part, each with its own link', () => {
    expect(errorsOf(submit(home, {})).map((e) => [e.code, e.href])).toEqual([
      ['line1Required', '#home-line1'],
      ['townRequired', '#home-town'],
      ['postcodeRequired', '#home-postcode'],
    ]);
  });

  it('leaves the optional parts optional', () => {
    expect(valueOf(submit(home, body({ line1: '1 High Street', town: 'Leeds', postcode: 'LS1 1UR' })))).toEqual({
      line1: '1 High Street',
      line2: '',
      town: 'Leeds',
      county: '',
      postcode: 'LS1 1UR',
    });
  });

  it.each([
    [full, true],
    [{ ...full, postcode: 'nope' }, false],
    [{ ...full, line1: '' }, false],
    [{ line1: '1 High Street', town: 'London', postcode: 'SW1A 2AA' }, false],
    ['1 High Street, London', false],
  ])('accepts saved %j → %s', (saved, accepted) => {
    expect(home.accepts(saved, ctx)).toBe(accepted);
  });
});

describe('error codes and translations', () => {
  // validateJourney only insists on translations for `errorCodes`, so any code
  // parse can return must be listed there, or the page shows an untranslated key.
  it.each<{ what: string; field: Field; body: Record<string, unknown> }>([
    { what: 'required text, left blank', field: textField('a'), body: {} },
    { what: 'optional text, too long', field: textField('a', { optional: true, maxLength: 2 }), body: { a: 'abc' } },
    { what: 'email, bad format', field: emailField('a'), body: { a: 'x' } },
    { what: 'optional phone, bad format', field: phoneField('a', { optional: true }), body: { a: 'x' } },
    { what: 'required radios, not an option', field: radiosField('a', ['x', 'y']), body: { a: 'z' } },
    { what: 'checkboxes, exclusive clash', field: checkboxesField('a', ['x', 'none'], { exclusive: 'none' }), body: { a: ['x', 'none'] } },
    { what: 'optional date, half filled', field: dateField('a', { optional: true }), body: { 'a-day': '1' } },
    { what: 'date, in the future', field: dateField('a', { notInFuture: true }), body: { 'a-day': '1', 'a-month': '1', 'a-year': '2099' } },
    { what: 'address, bad postcode', field: addressField('a'), body: { 'a-line1': '1', 'a-town': 'x', 'a-postcode': 'x' } },
  ])('$what: every error code is one the field declares', ({ field, body }) => {
    for (const error of errorsOf(submit(field, body))) expect(field.errorCodes).toContain(error.code);
  });

  // Regression (once a bug): an optional choice field answers a value that is
  // not an option (a stale or crafted form) with 'required', but leaves 'required' out of
  // errorCodes, so no translation is checked for it and the page can show a raw key.
  it.each<[string, Field, Record<string, unknown>]>([
    ['radios', radiosField('a', ['x', 'y'], { optional: true }), { a: 'z' }],
    ['checkboxes', checkboxesField('a', ['x', 'y'], { optional: true }), { a: ['z'] }],
  ])('optional %s: a value not in the list gives an error code the field declares', (_kind, field, body) => {
    for (const error of errorsOf(submit(field, body))) expect(field.errorCodes).toContain(error.code);
  });
});

describe('render', () => {
  const hinted = fakeTranslator(['journey:fields.fullName.hint']);

  describe('text-like fields: govukInput', () => {
    const name = textField('fullName', { maxLength: 20, autocomplete: 'name', width: 'govuk-!-width-one-half' });

    it('shows the saved value, with no error', () => {
      expect(name.render({ value: 'Sam Smith' }, { t: hinted, isPageHeading: true })).toEqual({
        macro: 'govukInput',
        params: {
          id: 'fullName',
          name: 'fullName',
          type: 'text',
          inputmode: undefined,
          autocomplete: 'name',
          spellcheck: undefined,
          classes: 'govuk-!-width-one-half',
          label: { text: 'journey:fields.fullName.label', isPageHeading: true, classes: 'govuk-label--l' },
          hint: { text: 'journey:fields.fullName.hint' },
          value: 'Sam Smith',
          errorMessage: undefined,
        },
      });
    });

    it('re-shows what was typed, not the saved value, with the error message and its parameters', () => {
      const typed = 'x'.repeat(25);
      const { params } = name.render(
        { value: 'Sam Smith', raw: typed, errors: [{ field: 'fullName', code: 'tooLong', href: '#fullName', params: { max: 20 } }] },
        { t, isPageHeading: false },
      );
      expect(params).toMatchObject({
        value: typed,
        errorMessage: { text: 'journey:fields.fullName.errors.tooLong{"max":20}' },
        label: { isPageHeading: false, classes: 'govuk-label--s' },
        hint: undefined,
      });
    });

    it('re-shows what was typed on a field that passed while another failed', () => {
      const { params } = name.render({ value: 'Old', raw: 'New', errors: [] }, { t, isPageHeading: false });
      expect(params).toMatchObject({ value: 'New', errorMessage: undefined });
    });

    it.each<{ field: Field; type: string; autocomplete: string; spellcheck: boolean | undefined }>([
      { field: emailField('email'), type: 'email', autocomplete: 'email', spellcheck: false },
      { field: phoneField('phone'), type: 'tel', autocomplete: 'tel', spellcheck: undefined },
    ])('$field.kind uses type=$type', ({ field, type, autocomplete, spellcheck }) => {
      const { macro, params } = field.render({ value: undefined }, { t, isPageHeading: false });
      expect(macro).toBe('govukInput');
      expect(params).toMatchObject({ type, autocomplete, spellcheck, value: undefined });
    });
  });

  it('textarea: govukCharacterCount with the limit', () => {
    const story = textareaField('story', { maxLength: 500, rows: 4 });
    const shown = story.render({ raw: 'typed', errors: [{ field: 'story', code: 'required', href: '#story' }] }, { t, isPageHeading: true });
    expect(shown).toEqual({
      macro: 'govukCharacterCount',
      params: {
        id: 'story',
        name: 'story',
        maxlength: 500,
        rows: 4,
        label: { text: 'journey:fields.story.label', isPageHeading: true, classes: 'govuk-label--l' },
        hint: undefined,
        value: 'typed',
        errorMessage: { text: 'journey:fields.story.errors.required' },
      },
    });
  });

  describe('radios', () => {
    const colour = radiosField('colour', ['red', 'green', 'blue'], { hinted: ['green'], dividerBefore: 'blue' });

    it('checks the saved option and marks up hints and the divider', () => {
      const { macro, params } = colour.render({ value: 'green' }, { t, isPageHeading: true });
      expect(macro).toBe('govukRadios');
      expect(params).toMatchObject({
        idPrefix: 'colour',
        name: 'colour',
        fieldset: { legend: { text: 'journey:fields.colour.label', isPageHeading: true, classes: 'govuk-fieldset__legend--l' } },
        errorMessage: undefined,
        items: [
          { value: 'red', text: 'journey:fields.colour.options.red.label', checked: false, hint: undefined },
          { value: 'green', text: 'journey:fields.colour.options.green.label', checked: true, hint: { text: 'journey:fields.colour.options.green.hint' } },
          { divider: 'engine:or' },
          { value: 'blue', checked: false },
        ],
      });
    });

    it('on error checks what was sent, not what was saved', () => {
      const { params } = colour.render(
        { value: 'green', raw: 'red', errors: [{ field: 'colour', code: 'required', href: '#colour' }] },
        { t, isPageHeading: false },
      );
      expect(params).toMatchObject({
        fieldset: { legend: { isPageHeading: false, classes: 'govuk-fieldset__legend--m' } },
        errorMessage: { text: 'journey:fields.colour.errors.required' },
      });
      expect(checkedValues(params)).toEqual(['red']);
    });

    it('yes/no sits inline', () => {
      const { params } = yesNoField('agree').render({ value: 'no' }, { t, isPageHeading: true });
      expect(params).toMatchObject({ classes: 'govuk-radios--inline' });
      expect(checkedValues(params)).toEqual(['no']);
    });
  });

  describe('checkboxes', () => {
    const extras = checkboxesField('extras', ['insurance', 'microchip', 'none'], { exclusive: 'none' });

    it('checks every saved option and puts an "or" before the exclusive one', () => {
      const { macro, params } = extras.render({ value: ['insurance', 'microchip'] }, { t, isPageHeading: true });
      expect(macro).toBe('govukCheckboxes');
      expect(checkedValues(params)).toEqual(['insurance', 'microchip']);
      expect(params).toMatchObject({
        items: [{ value: 'insurance', behaviour: undefined }, { value: 'microchip' }, { divider: 'engine:or' }, { value: 'none', behaviour: 'exclusive' }],
        errorMessage: undefined,
      });
    });

    it('on error re-checks what was sent', () => {
      const { params } = extras.render(
        { value: ['insurance'], raw: ['microchip', 'none'], errors: [{ field: 'extras', code: 'exclusive', href: '#extras' }] },
        { t, isPageHeading: true },
      );
      expect(checkedValues(params)).toEqual(['microchip', 'none']);
      expect(params).toMatchObject({ errorMessage: { text: 'journey:fields.extras.errors.exclusive' } });
    });
  });

  describe('date: govukDateInput', () => {
    const letterDate = dateField('letterDate');
    const items = (params: Record<string, unknown>): Array<{ name: string; value: unknown; classes: string }> =>
      params.items as Array<{ name: string; value: unknown; classes: string }>;

    it('splits a saved date into parts, with no error classes', () => {
      const { macro, params } = letterDate.render({ value: '2025-03-07' }, { t, isPageHeading: true });
      expect(macro).toBe('govukDateInput');
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
      const { params } = letterDate.render({ value: '2020-01-01', raw, errors: [error] }, { t, isPageHeading: false });
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
      const { params } = field.render({ raw, errors: errorsOf(result) }, { t, isPageHeading: true });
      expect(items(params).map((i) => i.classes.includes('govuk-input--error'))).toEqual([false, true, false]);
      expect(items(params).map((i) => i.value)).toEqual(['1', '', '2025']);
    });
  });

  describe('address', () => {
    const home = addressField('home');
    interface Input {
      id: string;
      name: string;
      value: unknown;
      errorMessage?: { text: string };
      autocomplete: string;
    }
    const inputs = (params: Record<string, unknown>): Input[] => params.inputs as Input[];

    it('shows the saved address in one input per part', () => {
      const saved = { line1: '1 High Street', line2: '', town: 'London', county: '', postcode: 'SW1A 2AA' };
      const { macro, params } = home.render({ value: saved }, { t, isPageHeading: true });
      expect(macro).toBe('address');
      expect(params).toMatchObject({ fieldset: { legend: { text: 'journey:fields.home.label', isPageHeading: true } } });
      expect(inputs(params).map((i) => [i.id, i.name, i.value, i.autocomplete])).toEqual([
        ['home-line1', 'home-line1', '1 High Street', 'address-line1'],
        ['home-line2', 'home-line2', '', 'address-line2'],
        ['home-town', 'home-town', 'London', 'address-level2'],
        ['home-county', 'home-county', '', 'address-level1'],
        ['home-postcode', 'home-postcode', 'SW1A 2AA', 'postal-code'],
      ]);
      expect(inputs(params).every((i) => i.errorMessage === undefined)).toBe(true);
    });

    it('puts each error on its own part and re-shows what was typed', () => {
      const raw = home.readRaw({ 'home-line1': '', 'home-town': 'London', 'home-postcode': 'nope' });
      const result = home.parse(raw, ctx);
      const { params } = home.render({ value: undefined, raw, errors: errorsOf(result) }, { t, isPageHeading: false });
      expect(inputs(params).map((i) => [i.name, i.value, i.errorMessage?.text])).toEqual([
        ['home-line1', '', 'journey:fields.home.errors.line1Required'],
        ['home-line2', '', undefined],
        ['home-town', 'London', undefined],
        ['home-county', '', undefined],
        ['home-postcode', 'nope', 'journey:fields.home.errors.postcodeFormat'],
      ]);
    });
  });
});

describe('summarise', () => {
  it.each<{ field: Field; value: unknown; shown: { text?: string; html?: string } }>([
    { field: textField('a'), value: 'Sam <b>', shown: { text: 'Sam <b>' } },
    { field: textareaField('a', { maxLength: 100 }), value: 'one <i>\n\ntwo', shown: { html: 'one &lt;i&gt;<br><br>two' } },
    { field: radiosField('a', ['x', 'y']), value: 'y', shown: { text: 'journey:fields.a.options.y.label' } },
    { field: checkboxesField('a', ['x', 'y']), value: ['x', 'y'], shown: { html: 'journey:fields.a.options.x.label<br>journey:fields.a.options.y.label' } },
    { field: dateField('a'), value: '2025-03-07', shown: { text: '7 March 2025' } },
    {
      field: addressField('a'),
      value: { line1: '1 <High> St', line2: '', town: 'London', county: '', postcode: 'SW1A 2AA' },
      shown: { html: '1 &lt;High&gt; St<br>London<br>SW1A 2AA' },
    },
  ])('$field.kind shows $value safely', ({ field, value, shown }) => {
    expect(field.summarise(value, t)).toEqual(shown);
  });
});

function checkedValues(params: Record<string, unknown>): unknown[] {
  const items = params.items as Array<{ value?: unknown; checked?: boolean }>;
  return items.filter((i) => i.checked).map((i) => i.value);
}
