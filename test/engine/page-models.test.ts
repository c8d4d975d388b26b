import { describe, it, expect } from 'vitest';
import { addressField } from '../../src/engine/fields/address.ts';
import { checkboxesField, radiosField } from '../../src/engine/fields/choice.ts';
import { dateField } from '../../src/engine/fields/date.ts';
import { textareaField } from '../../src/engine/fields/textarea.ts';
import type { QuestionStep } from '../../src/engine/journey.ts';
import { questionModel, stepUrl, summarySections } from '../../src/engine/page-models.ts';
import type { Answers, FieldError, FieldView } from '../../src/engine/types.ts';
import { walk } from '../../src/engine/walk.ts';
import { fakeTranslator } from './fake-translator.ts';
import { ctx, dogOwner, petJourney, questionOf, stepOf } from './sample-journey.ts';

const checkAnswersUrl = '/pets/check-answers';
const t = fakeTranslator();

/** A form post as the router handles it: read and parse every field, keep the raw input and the errors. */
function post(step: QuestionStep, body: Record<string, unknown>): { raw: Record<string, unknown>; errors: FieldError[] } {
  const raw: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const field of step.fields) {
    raw[field.name] = field.readRaw(body);
    const parsed = field.parse(raw[field.name], ctx);
    if (!parsed.ok) errors.push(...parsed.errors);
  }
  return { raw, errors };
}

/** The element ids govuk-frontend gives the inputs a field's template renders (the first item, for radios and checkboxes). */
function inputIds(view: FieldView): string[] {
  const p = view.params;
  switch (view.kind) {
    case 'text':
    case 'email':
    case 'phone':
    case 'textarea':
      return [String(p.id)];
    case 'date':
      return (p.items as Array<{ name: string }>).map((item) => `${String(p.id)}-${item.name}`);
    case 'radios':
    case 'checkboxes':
      return [String(p.idPrefix)];
    case 'address':
      return (p.inputs as Array<{ id: string }>).map((input) => input.id);
    default:
      throw new Error(`unknown field kind ${view.kind}`);
  }
}

describe('summarySections: check your answers', () => {
  // Was a large-dog owner, then changed to a cat: the size and muzzle answers are stale.
  const answers: Answers = { ...dogOwner, animal: { animal: 'cat' }, 'dog-size': { size: 'large' }, muzzle: { muzzled: 'no' } };
  const w = walk(petJourney, answers, ctx);
  const sections = summarySections(petJourney, w, answers, t, checkAnswersUrl);
  const rows = sections.flatMap((s) => s.rows);

  it('shows one row per field on the path, grouped by section, and nothing from closed branches', () => {
    expect(sections.map((s) => [s.heading, s.rows.map((r) => r.key.text)])).toEqual([
      ['journey:sections.pet', ['journey:fields.animal.label', 'journey:fields.petName.label', 'journey:fields.adoptedOn.label']],
      ['journey:sections.owner', ['journey:fields.ownerName.label', 'journey:fields.email.label', 'journey:fields.phone.label']],
    ]);
    expect(JSON.stringify(sections)).not.toMatch(/size|muzzle/);
  });

  it('shows each answer as its field summarises it, and a blank optional answer as not provided', () => {
    expect(rows.map((r) => r.value)).toEqual([
      { text: 'journey:fields.animal.options.cat.label' },
      { text: 'Rex' },
      { text: '1 March 2020' },
      { text: 'Sam Smith' },
      { text: 'sam@example.com' },
      { text: 'engine:notProvided' },
    ]);
  });

  it('gives every row exactly one Change link to its step, carrying the way back to check your answers', () => {
    const expectedSteps = ['animal', 'pet-name', 'adopted', 'owner', 'owner', 'owner'];
    rows.forEach((row, i) => {
      expect(row.actions.items).toHaveLength(1);
      const [action] = row.actions.items;
      const url = new URL(action?.href ?? '', 'https://service.example');
      expect(url.pathname).toBe(stepUrl(petJourney, stepOf(petJourney, expectedSteps[i] ?? '')));
      expect(url.searchParams.get('return')).toBe(checkAnswersUrl);
      expect(action?.text).toBe('engine:change');
      expect(action?.visuallyHiddenText).toBe(row.key.text.toLowerCase());
    });
    // The multi-field page is mounted at its own path, not its id.
    expect(rows[3]?.actions.items[0]?.href).toBe('/pets/your-details?return=%2Fpets%2Fcheck-answers');
  });

  it('prefers a short summary wording for the row heading when there is one', () => {
    const withSummary = fakeTranslator(['journey:fields.petName.summary']);
    const keys = summarySections(petJourney, w, answers, withSummary, checkAnswersUrl).flatMap((s) => s.rows.map((r) => r.key.text));
    expect(keys).toContain('journey:fields.petName.summary');
    expect(keys).not.toContain('journey:fields.petName.label');
  });

  it('leaves content pages out', () => {
    const withAdvice: Answers = { ...dogOwner, adopted: { adoptedOn: '2025-01-10' }, 'new-pet-advice': {} };
    const advised = walk(petJourney, withAdvice, ctx);
    expect(advised.path.map((s) => s.id)).toContain('new-pet-advice');
    const all = summarySections(petJourney, advised, withAdvice, t, checkAnswersUrl).flatMap((s) => s.rows);
    expect(all).toHaveLength(7);
    expect(JSON.stringify(all)).not.toContain('new-pet-advice');
  });
});

describe('questionModel', () => {
  const many: QuestionStep = {
    id: 'many',
    kind: 'question',
    section: 'pet',
    fields: [
      radiosField('colour', ['red', 'green']),
      checkboxesField('extras', ['a', 'none'], { exclusive: 'none' }),
      dateField('born'),
      addressField('home'),
      textareaField('story', { maxLength: 5 }),
    ],
    next: 'check-answers',
  };

  it.each<{ what: string; step: QuestionStep; body: Record<string, unknown>; hrefs: string[] }>([
    { what: 'text, email and phone', step: questionOf(petJourney, 'owner'), body: { email: 'sam', phone: 'abc' }, hrefs: ['#ownerName', '#email', '#phone'] },
    {
      what: 'choices, a date, an address and a textarea',
      step: many,
      body: { extras: ['a', 'none'], 'born-day': '1', 'born-year': '2000', 'home-line1': '1 High St', 'home-postcode': 'nope', story: 'too long' },
      hrefs: ['#colour', '#extras', '#born-month', '#home-town', '#home-postcode', '#story'],
    },
  ])('links every error in the summary to an input on the page ($what)', ({ step, body, hrefs }) => {
    const model = questionModel(step, {}, t, post(step, body));
    expect(model.errorList.map((e) => e.href)).toEqual(hrefs);
    const ids = new Set(model.fields.flatMap(inputIds));
    for (const { href } of model.errorList) expect(ids).toContain(href.slice(1));
  });

  it('words each error as the field describes it', () => {
    const model = questionModel(
      many,
      {},
      t,
      post(many, {
        colour: 'red',
        extras: 'a',
        'born-day': '1',
        'born-year': '2000',
        'home-line1': 'x',
        'home-town': 'y',
        'home-postcode': 'SW1A 2AA',
        story: 'ok',
      }),
    );
    expect(model.errorList).toEqual([{ text: 'journey:fields.born.errors.incomplete{"parts":"engine:date.parts.month"}', href: '#born-month' }]);
  });

  it('after a failed post re-shows what was typed in every field, including those that passed', () => {
    const owner = questionOf(petJourney, 'owner');
    const saved = { ownerName: 'Saved Name', email: 'saved@example.com', phone: '' };
    const model = questionModel(owner, saved, t, post(owner, { ownerName: 'Typed Name', email: 'typed', phone: '' }));
    expect(model.fields.map((f) => f.params.value)).toEqual(['Typed Name', 'typed', '']);
    expect(model.fields.map((f) => f.params.errorMessage)).toEqual([undefined, { text: 'journey:fields.email.errors.format' }, undefined]);
  });

  it('without a failed post shows the saved answers and no errors', () => {
    const owner = questionOf(petJourney, 'owner');
    const model = questionModel(owner, { ownerName: 'Sam', email: 'sam@example.com' }, t);
    expect(model.errorList).toEqual([]);
    expect(model.fields.map((f) => f.params.value)).toEqual(['Sam', 'sam@example.com', undefined]);
  });

  it('makes a lone field the page heading', () => {
    const model = questionModel(questionOf(petJourney, 'pet-name'), {}, t);
    expect(model).toMatchObject({ title: 'journey:fields.petName.label', heading: undefined, caption: 'journey:sections.pet', intro: undefined });
    expect(model.fields[0]?.params).toMatchObject({ label: { isPageHeading: true } });
  });

  it('gives a page of several fields its own heading, and no field is the heading', () => {
    const model = questionModel(questionOf(petJourney, 'owner'), {}, fakeTranslator(['journey:steps.owner.intro']));
    expect(model).toMatchObject({ title: 'journey:steps.owner.title', heading: 'journey:steps.owner.title', intro: 'journey:steps.owner.intro' });
    for (const field of model.fields) expect(field.params).toMatchObject({ label: { isPageHeading: false } });
  });
});
