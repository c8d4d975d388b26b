import { describe, it, expect } from 'vitest';
import type { Field } from '../../../src/engine/fields/field.ts';
import { phoneField } from '../../../src/engine/fields/phone.ts';
import { renderFieldTemplate, renderMacro } from './field-template.ts';
import { errorsOf, onlyError, submit, valueOf } from './submit.ts';
import { fakeTranslator } from '../fake-translator.ts';

const t = fakeTranslator();

describe('phone', () => {
  const phone = phoneField('phone');

  // The Ofcom drama numbers are the examples the Design System and the error message give,
  // so people copy them: a check on allocated ranges would refuse them.
  it.each([
    '07700 900 982',
    '+44 7700 900982',
    '01632 960 001',
    '(020) 7946 0000',
    '020 7946 0000',
    '02079460000',
    '07911 123456',
    '07911-123-456',
    '0044 20 7946 0000',
    '+1 202 555 0143',
  ])('accepts %j, kept as typed', (raw) => {
    expect(valueOf(submit(phone, { phone: raw }))).toBe(raw);
  });

  it.each(['123', 'abc', '0791', '07911 1234567', '+44 20', '+999 1234', '++44 7911 123456'])('rejects %j', (raw) => {
    expect(onlyError(submit(phone, { phone: raw }))).toEqual({ field: 'phone', code: 'format', href: '#phone' });
  });

  it('lets an optional number be left blank', () => {
    expect(submit(phoneField('phone', { optional: true }), { phone: ' ' })).toEqual({ ok: true, value: '' });
  });
});

describe('error codes and translations', () => {
  // validateJourney only insists on translations for `errorCodes`, so any code
  // parse can return must be listed there, or the page shows an untranslated key.
  it.each<{ what: string; field: Field; body: Record<string, unknown> }>([
    { what: 'optional phone, bad format', field: phoneField('a', { optional: true }), body: { a: 'x' } },
  ])('$what: every error code is one the field declares', ({ field, body }) => {
    for (const error of errorsOf(submit(field, body))) expect(field.errorCodes).toContain(error.code);
  });
});

describe('render', () => {
  describe('text-like fields: govukInput', () => {
    it.each<{ field: Field; type: string; autocomplete: string; spellcheck: boolean | undefined }>([
      { field: phoneField('phone'), type: 'tel', autocomplete: 'tel', spellcheck: undefined },
    ])('$field.kind uses type=$type', ({ field, type, autocomplete, spellcheck }) => {
      const params = field.render({ value: undefined }, { t, isPageHeading: false });
      expect(renderFieldTemplate(field.kind, params)).toBe(renderMacro('input', 'govukInput', params));
      expect(params).toMatchObject({ type, autocomplete, spellcheck, value: undefined });
    });
  });
});
