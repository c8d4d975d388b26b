import { describe, it, expect } from 'vitest';
import { checkboxesField, radiosField, yesNoField } from '../../../src/engine/fields/choice.ts';
import type { Field, ParseResult } from '../../../src/engine/fields/field.ts';
import { renderFieldTemplate, renderMacro } from './field-template.ts';
import { errorsOf, onlyError, submit, valueOf } from './submit.ts';
import { fakeTranslator } from '../fake-translator.ts';
import { ctx } from '../sample-journey.ts';

const t = fakeTranslator();

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

describe('error codes and translations', () => {
  // validateJourney only insists on translations for `errorCodes`, so any code
  // parse can return must be listed there, or the page shows an untranslated key.
  it.each<{ what: string; field: Field; body: Record<string, unknown> }>([
    { what: 'required radios, not an option', field: radiosField('a', ['x', 'y']), body: { a: 'z' } },
    { what: 'checkboxes, exclusive clash', field: checkboxesField('a', ['x', 'none'], { exclusive: 'none' }), body: { a: ['x', 'none'] } },
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
  describe('radios', () => {
    const colour = radiosField('colour', ['red', 'green', 'blue'], { hinted: ['green'], dividerBefore: 'blue' });

    it('checks the saved option and marks up hints and the divider', () => {
      const params = colour.render({ value: 'green' }, { t, isPageHeading: true });
      expect(renderFieldTemplate(colour.kind, params)).toBe(renderMacro('radios', 'govukRadios', params));
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
      const params = colour.render(
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
      const agree = yesNoField('agree');
      const params = agree.render({ value: 'no' }, { t, isPageHeading: true });
      expect(renderFieldTemplate(agree.kind, params)).toBe(renderMacro('radios', 'govukRadios', params));
      expect(params).toMatchObject({ classes: 'govuk-radios--inline' });
      expect(checkedValues(params)).toEqual(['no']);
    });
  });

  describe('checkboxes', () => {
    const extras = checkboxesField('extras', ['insurance', 'microchip', 'none'], { exclusive: 'none' });

    it('checks every saved option and puts an "or" before the exclusive one', () => {
      const params = extras.render({ value: ['insurance', 'microchip'] }, { t, isPageHeading: true });
      expect(renderFieldTemplate(extras.kind, params)).toBe(renderMacro('checkboxes', 'govukCheckboxes', params));
      expect(checkedValues(params)).toEqual(['insurance', 'microchip']);
      expect(params).toMatchObject({
        items: [{ value: 'insurance', behaviour: undefined }, { value: 'microchip' }, { divider: 'engine:or' }, { value: 'none', behaviour: 'exclusive' }],
        errorMessage: undefined,
      });
    });

    it('on error re-checks what was sent', () => {
      const params = extras.render(
        { value: ['insurance'], raw: ['microchip', 'none'], errors: [{ field: 'extras', code: 'exclusive', href: '#extras' }] },
        { t, isPageHeading: true },
      );
      expect(checkedValues(params)).toEqual(['microchip', 'none']);
      expect(params).toMatchObject({ errorMessage: { text: 'journey:fields.extras.errors.exclusive' } });
    });
  });
});

describe('summarise', () => {
  it.each<{ field: Field; value: unknown; shown: { text?: string; html?: string } }>([
    { field: radiosField('a', ['x', 'y']), value: 'y', shown: { text: 'journey:fields.a.options.y.label' } },
    { field: checkboxesField('a', ['x', 'y']), value: ['x', 'y'], shown: { html: 'journey:fields.a.options.x.label<br>journey:fields.a.options.y.label' } },
  ])('$field.kind shows $value safely', ({ field, value, shown }) => {
    expect(field.summarise(value, t)).toEqual(shown);
  });
});

function checkedValues(params: Record<string, unknown>): unknown[] {
  const items = params.items as Array<{ value?: unknown; checked?: boolean }>;
  return items.filter((i) => i.checked).map((i) => i.value);
}
