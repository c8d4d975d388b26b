import { describe, it, expect } from 'vitest';
import { addressField } from '../../../src/engine/fields/address.ts';
import type { Field } from '../../../src/engine/fields/field.ts';
import { renderFieldTemplate, renderMacro } from './field-template.ts';
import { errorsOf, onlyError, submit, valueOf } from './submit.ts';
import { fakeTranslator } from '../fake-translator.ts';
import { ctx } from '../sample-journey.ts';

const t = fakeTranslator();

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
    { what: 'address, bad postcode', field: addressField('a'), body: { 'a-line1': '1', 'a-town': 'x', 'a-postcode': 'x' } },
  ])('$what: every error code is one the field declares', ({ field, body }) => {
    for (const error of errorsOf(submit(field, body))) expect(field.errorCodes).toContain(error.code);
  });
});

describe('render', () => {
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
      const params = home.render({ value: saved }, { t, isPageHeading: true });
      // Its template: a fieldset with the legend, then govukInput for each part, in order.
      const html = renderFieldTemplate(home.kind, params);
      expect(html).toMatch(
        /^<fieldset class="govuk-fieldset">\s*<legend class="govuk-fieldset__legend govuk-fieldset__legend--l">\s*<h1 class="govuk-fieldset__heading">\s*journey:fields.home.label/,
      );
      const at = inputs(params).map((input) => html.indexOf(renderMacro('input', 'govukInput', input)));
      expect(at.every((i) => i > 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
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
      const params = home.render({ value: undefined, raw, errors: errorsOf(result) }, { t, isPageHeading: false });
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
    {
      field: addressField('a'),
      value: { line1: '1 <High> St', line2: '', town: 'London', county: '', postcode: 'SW1A 2AA' },
      shown: { html: '1 &lt;High&gt; St<br>London<br>SW1A 2AA' },
    },
  ])('$field.kind shows $value safely', ({ field, value, shown }) => {
    expect(field.summarise(value, t)).toEqual(shown);
  });
});
