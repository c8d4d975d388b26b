import { describe, it, expect } from 'vitest';
import type { Field } from '../../../src/engine/fields/field.ts';
import { textField } from '../../../src/engine/fields/text.ts';
import { renderFieldTemplate, renderMacro } from './field-template.ts';
import { errorsOf, onlyError, submit, valueOf } from './submit.ts';
import { fakeTranslator } from '../fake-translator.ts';
import { ctx } from '../sample-journey.ts';

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

  it('counts characters as a person does: each emoji is one', () => {
    const twenty = `${'👩‍👧'.repeat(10)}${'é'.repeat(10)}`;
    expect(valueOf(submit(name, { fullName: twenty }))).toBe(twenty);
    expect(name.accepts(twenty, ctx)).toBe(true);
    expect(onlyError(submit(name, { fullName: `${twenty}!` }))).toMatchObject({ code: 'tooLong', params: { max: 20 } });
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

describe('error codes and translations', () => {
  // validateJourney only insists on translations for `errorCodes`, so any code
  // parse can return must be listed there, or the page shows an untranslated key.
  it.each<{ what: string; field: Field; body: Record<string, unknown> }>([
    { what: 'required text, left blank', field: textField('a'), body: {} },
    { what: 'optional text, too long', field: textField('a', { optional: true, maxLength: 2 }), body: { a: 'abc' } },
  ])('$what: every error code is one the field declares', ({ field, body }) => {
    for (const error of errorsOf(submit(field, body))) expect(field.errorCodes).toContain(error.code);
  });
});

describe('render', () => {
  const hinted = fakeTranslator(['journey:fields.fullName.hint']);

  describe('text-like fields: govukInput', () => {
    const name = textField('fullName', { maxLength: 20, autocomplete: 'name', width: 'govuk-!-width-one-half' });

    it('shows the saved value, with no error', () => {
      const params = name.render({ value: 'Sam Smith' }, { t: hinted, isPageHeading: true });
      expect(params).toEqual({
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
      });
      // The kind names the template (views/engine/fields/text.njk), which is govukInput with exactly these parameters.
      expect(name.kind).toBe('text');
      expect(renderFieldTemplate(name.kind, params)).toBe(renderMacro('input', 'govukInput', params));
    });

    it('re-shows what was typed, not the saved value, with the error message and its parameters', () => {
      const typed = 'x'.repeat(25);
      const params = name.render(
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
      const params = name.render({ value: 'Old', raw: 'New', errors: [] }, { t, isPageHeading: false });
      expect(params).toMatchObject({ value: 'New', errorMessage: undefined });
    });
  });
});

describe('summarise', () => {
  it.each<{ field: Field; value: unknown; shown: { text?: string; html?: string } }>([{ field: textField('a'), value: 'Sam <b>', shown: { text: 'Sam <b>' } }])(
    '$field.kind shows $value safely',
    ({ field, value, shown }) => {
      expect(field.summarise(value, t)).toEqual(shown);
    },
  );
});
