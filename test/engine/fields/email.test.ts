import { describe, it, expect } from 'vitest';
import { emailField } from '../../../src/engine/fields/email.ts';
import type { Field } from '../../../src/engine/fields/field.ts';
import { renderFieldTemplate, renderMacro } from './field-template.ts';
import { errorsOf, onlyError, submit, valueOf } from './submit.ts';
import { fakeTranslator } from '../fake-translator.ts';

const t = fakeTranslator();

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

describe('error codes and translations', () => {
  // validateJourney only insists on translations for `errorCodes`, so any code
  // parse can return must be listed there, or the page shows an untranslated key.
  it.each<{ what: string; field: Field; body: Record<string, unknown> }>([{ what: 'email, bad format', field: emailField('a'), body: { a: 'x' } }])(
    '$what: every error code is one the field declares',
    ({ field, body }) => {
      for (const error of errorsOf(submit(field, body))) expect(field.errorCodes).toContain(error.code);
    },
  );
});

describe('render', () => {
  describe('text-like fields: govukInput', () => {
    it.each<{ field: Field; type: string; autocomplete: string; spellcheck: boolean | undefined }>([
      { field: emailField('email'), type: 'email', autocomplete: 'email', spellcheck: false },
    ])('$field.kind uses type=$type', ({ field, type, autocomplete, spellcheck }) => {
      const params = field.render({ value: undefined }, { t, isPageHeading: false });
      expect(renderFieldTemplate(field.kind, params)).toBe(renderMacro('input', 'govukInput', params));
      expect(params).toMatchObject({ type, autocomplete, spellcheck, value: undefined });
    });
  });
});
