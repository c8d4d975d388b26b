import { describe, expect, it } from 'vitest';
import { selectField, type SelectOption } from '../../../src/engine/fields/select.ts';
import { fakeTranslator } from '../fake-translator.ts';
import { ctx } from '../sample-journey.ts';
import { renderFieldTemplate, renderMacro } from './field-template.ts';
import { onlyError, submit } from './submit.ts';

const t = fakeTranslator();

/** A list that changes while the service runs, as the agency directory does after an import. */
let shelters: SelectOption[] = [
  { value: 'a1', text: 'Animal Rescue North' },
  { value: 'b2', text: 'Battersea & Friends' },
];
const shelter = selectField('shelter', { options: () => shelters, fixedOptions: ['not-listed'], autocomplete: true });
const plain = selectField('colour', { options: () => [{ value: 'red', text: 'Red' }] });

describe('select', () => {
  it.each([
    [{ shelter: 'b2' }, 'b2'],
    [{ shelter: ['a1', 'b2'] }, 'a1'],
    [{ shelter: 'not-listed' }, 'not-listed'],
  ])('%j → %j', (body, value) => {
    expect(submit(shelter, body)).toEqual({ ok: true, value });
  });

  it.each<[Record<string, unknown>, string]>([
    [{}, 'required'],
    [{ shelter: '' }, 'required'],
    // Not in the list: a crafted form, or a page loaded before the list changed.
    [{ shelter: 'c3' }, 'unknown'],
    [{ shelter: 'Animal Rescue North' }, 'unknown'],
    [{ shelter: 'A1' }, 'unknown'],
  ])('%j → %s', (body, code) => {
    expect(onlyError(submit(shelter, body))).toEqual({ field: 'shelter', code, href: '#shelter' });
  });

  it('checks against the list as it is now: an option removed since is no longer accepted, a new one is', () => {
    const before = shelters;
    try {
      expect(shelter.accepts('a1', ctx)).toBe(true);
      shelters = [{ value: 'c3', text: 'Cats Protection' }];
      expect(shelter.accepts('a1', ctx)).toBe(false);
      expect(shelter.accepts('c3', ctx)).toBe(true);
      expect(shelter.accepts('not-listed', ctx)).toBe(true);
      expect(submit(shelter, { shelter: 'a1' }).ok).toBe(false);
    } finally {
      shelters = before;
    }
  });

  it('accepts a blank answer only when optional', () => {
    const optional = selectField('shelter', { options: () => shelters, optional: true });
    expect(submit(optional, {})).toEqual({ ok: true, value: '' });
    expect(optional.accepts('', ctx)).toBe(true);
    expect(shelter.accepts('', ctx)).toBe(false);
    expect(optional.errorCodes).toEqual(['unknown']);
    expect(shelter.errorCodes).toEqual(['required', 'unknown']);
  });

  it('summarises an answer as its option text, and a fixed option in the journey’s words', () => {
    expect(shelter.summarise('b2', t)).toEqual({ text: 'Battersea & Friends' });
    expect(shelter.summarise('not-listed', t)).toEqual({ text: 'journey:fields.shelter.options.not-listed.label' });
    expect(shelter.isEmpty('')).toBe(true);
  });

  it('asks for the translations it needs: fixed options, the prompt and the autocomplete’s messages', () => {
    expect(plain.extraKeys).toEqual(['engine:select.placeholder']);
    expect(shelter.extraKeys).toEqual([
      'journey:fields.shelter.options.not-listed.label',
      'engine:select.placeholder',
      'engine:select.autocomplete.noResults',
      'engine:select.autocomplete.statusNoResults',
      'engine:select.autocomplete.statusSelectedOption',
      'engine:select.autocomplete.statusResultsOne',
      'engine:select.autocomplete.statusResultsOther',
      'engine:select.autocomplete.assistiveHint',
    ]);
  });

  it('renders a labelled govukSelect: a prompt with no value first, the list, then the fixed options', () => {
    const params = shelter.render({ value: 'b2' }, { t, isPageHeading: true });
    const html = renderFieldTemplate('select', params);
    expect(html).toBe(renderMacro('select', 'govukSelect', params));
    expect(html).toContain('<label class="govuk-label govuk-label--l" for="shelter">');
    expect(html).toMatch(/<select class="govuk-select" id="shelter" name="shelter"/);
    const options = [...html.matchAll(/<option value="([^"]*)"( selected)?[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1], m[2] === ' selected', m[3]]);
    expect(options).toEqual([
      ['', false, 'engine:select.placeholder'],
      ['a1', false, 'Animal Rescue North'],
      ['b2', true, 'Battersea &amp; Friends'],
      ['not-listed', false, 'journey:fields.shelter.options.not-listed.label'],
    ]);
  });

  it('marks the select for the autocomplete, with its messages in the page’s language, and the options it always offers', () => {
    const html = renderFieldTemplate('select', shelter.render({}, { t, isPageHeading: false }));
    expect(html).toContain('data-module="app-select-autocomplete"');
    expect(html).toContain('data-status-results-other="engine:select.autocomplete.statusResultsOther"');
    expect(html).toContain('data-assistive-hint="engine:select.autocomplete.assistiveHint"');
    expect(html).toMatch(/<option value="not-listed"\s+data-always-offered="true">/);
    const withoutScript = renderFieldTemplate('select', plain.render({}, { t, isPageHeading: false }));
    expect(withoutScript).not.toContain('data-module');
  });

  it('uses the journey’s own prompt when it has one', () => {
    const own = fakeTranslator(['journey:fields.shelter.placeholder']);
    const html = renderFieldTemplate('select', shelter.render({}, { t: own, isPageHeading: false }));
    expect(html).toMatch(/<option value="" selected>journey:fields.shelter.placeholder<\/option>/);
  });

  it('after a failed post shows the error, and selects the prompt rather than a value that is not in the list', () => {
    const result = submit(shelter, { shelter: 'c3' });
    const errors = result.ok ? [] : result.errors;
    const html = renderFieldTemplate('select', shelter.render({ raw: 'c3', errors }, { t, isPageHeading: true }));
    expect(html).toContain('govuk-form-group--error');
    expect(html).toContain('govuk-select--error');
    expect(html).toContain('journey:fields.shelter.errors.unknown');
    expect(html).toMatch(/<option value="" selected>/);
    expect(html).not.toContain('c3');
  });
});
