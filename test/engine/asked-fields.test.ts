import { describe, expect, it } from 'vitest';
import { answer, derived, not } from '../../src/engine/conditions.ts';
import { radiosField } from '../../src/engine/fields/choice.ts';
import { emailField } from '../../src/engine/fields/email.ts';
import { textField } from '../../src/engine/fields/text.ts';
import { defineJourney, type Journey, type QuestionStep, type Step } from '../../src/engine/journey.ts';
import { journeyMap } from '../../src/engine/journey-map.ts';
import { questionModel, stepTitle, summarySections } from '../../src/engine/page-models.ts';
import type { Answers } from '../../src/engine/types.ts';
import { JourneyDefinitionError, validateJourney } from '../../src/engine/validate-journey.ts';
import { askedOn, reachableAnswers, walk } from '../../src/engine/walk.ts';
import { fakeTranslator } from './fake-translator.ts';
import { completeTranslations, ctx, hasTranslationFrom, questionOf } from './sample-journey.ts';

/**
 * A vet picked from a list gives its name; a vet not in the list is asked for
 * it. The email is asked either way (QuestionStep.askIf).
 */
const vetJourney = defineJourney({
  id: 'vets',
  version: '1',
  basePath: '/vets',
  start: 'pick',
  derive: {},
  steps: [
    { id: 'pick', kind: 'question', fields: [radiosField('vet', ['green-cross', 'not-listed'])], next: 'details' },
    {
      id: 'details',
      kind: 'question',
      fields: [textField('vetName'), emailField('vetEmail')],
      askIf: { vetName: answer('vet').is('not-listed') },
      next: 'check-answers',
    },
    { id: 'check-answers', kind: 'check-answers' },
  ],
} satisfies Journey);

const details = questionOf(vetJourney, 'details');
const names = (fields: ReadonlyArray<{ name: string }>) => fields.map((f) => f.name);
const t = fakeTranslator();

const notListed: Answers = { pick: { vet: 'not-listed' }, details: { vetName: 'Paws & Claws', vetEmail: 'desk@paws.example' } };
/** Picked from the list after first typing a name: the typed name stays in the draft, unused. */
const pickedAfterAll: Answers = { ...notListed, pick: { vet: 'green-cross' } };

describe('fields asked only when an earlier answer calls for them', () => {
  it('asks every field when the condition holds, and leaves the field out when it does not', () => {
    expect(names(askedOn(details, walk(vetJourney, notListed, ctx)))).toEqual(['vetName', 'vetEmail']);
    expect(names(askedOn(details, walk(vetJourney, pickedAfterAll, ctx)))).toEqual(['vetEmail']);
  });

  it('counts a step as answered once its asked fields are, and keeps a field not asked out of the values', () => {
    const picked = walk(vetJourney, { pick: { vet: 'green-cross' }, details: { vetEmail: 'desk@green.example' } }, ctx);
    expect(picked.status).toBe('ready');
    expect(picked.values).toEqual({ vet: 'green-cross', vetEmail: 'desk@green.example' });

    const stale = walk(vetJourney, pickedAfterAll, ctx);
    expect(stale.values).toEqual({ vet: 'green-cross', vetEmail: 'desk@paws.example' });
    expect(reachableAnswers(stale, pickedAfterAll)).toEqual({ pick: { vet: 'green-cross' }, details: { vetEmail: 'desk@paws.example' } });
  });

  it('stops at the step again when a change makes it ask a field not yet answered', () => {
    const w = walk(vetJourney, { pick: { vet: 'not-listed' }, details: { vetEmail: 'desk@green.example' } }, ctx);
    expect(w.status).toBe('in-progress');
    expect(w.current.id).toBe('details');
  });

  it('shows only the asked fields; a page left with one field takes its label as the heading and title', () => {
    const w = walk(vetJourney, pickedAfterAll, ctx);
    const model = questionModel(details, pickedAfterAll.details ?? {}, t, undefined, askedOn(details, w));
    expect(model.fields.map((f) => f.params.name)).toEqual(['vetEmail']);
    expect(model.heading).toBeUndefined();
    expect(model.title).toBe('journey:fields.vetEmail.label');
    expect(stepTitle(details, t, askedOn(details, w))).toBe('journey:fields.vetEmail.label');

    const all = questionModel(details, {}, t, undefined, askedOn(details, walk(vetJourney, notListed, ctx)));
    expect(all.fields).toHaveLength(2);
    expect(all.heading).toBe('journey:steps.details.title');
  });

  it('summarises only the asked fields on check your answers', () => {
    const w = walk(vetJourney, pickedAfterAll, ctx);
    const rows = summarySections(vetJourney, w, pickedAfterAll, t, '/vets/check-answers').flatMap((s) => s.rows);
    expect(rows.map((r) => r.key.text)).toEqual(['journey:fields.vet.label', 'journey:fields.vetEmail.label']);
    expect(JSON.stringify(rows)).not.toContain('Paws');
  });
});

describe('the journey map', () => {
  it('says when a field is asked', () => {
    expect(journeyMap(vetJourney)).toContain('details["details<br/><small>vetName: text if vet is not-listed, vetEmail: email</small>"]');
  });
});

describe('validating askIf', () => {
  const languages = ['en', 'cy'] as const;
  const withDetails = (step: Partial<QuestionStep>): Journey => ({
    ...vetJourney,
    derive: { vetKnown: () => true },
    steps: vetJourney.steps.map((s): Step => (s.id === 'details' ? { ...details, ...step } : s)),
  });
  const problemsOf = (journey: Journey): readonly string[] => {
    try {
      validateJourney(journey, { languages, hasTranslation: hasTranslationFrom(completeTranslations(journey, languages)) });
    } catch (error) {
      if (error instanceof JourneyDefinitionError) return error.problems;
      throw error;
    }
    return [];
  };

  it('accepts conditions on earlier answers and derived values', () => {
    expect(problemsOf(vetJourney)).toEqual([]);
    expect(problemsOf(withDetails({ askIf: { vetName: not(derived('vetKnown').isTrue()) } }))).toEqual([]);
  });

  it.each<[string, Partial<QuestionStep>, string]>([
    ['a field the step does not have', { askIf: { vetPhone: answer('vet').is('not-listed') } }, "askIf names 'vetPhone', which is not one of its fields"],
    ['an answer on the same page', { askIf: { vetName: answer('vetEmail').is('x') } }, "whether 'vetName' is asked depends on 'vetEmail', on the same page"],
    ['a field no step asks', { askIf: { vetName: answer('vetPhone').is('x') } }, "askIf uses field 'vetPhone', which no step asks"],
    ['an undefined derived value', { askIf: { vetName: derived('nope').isTrue() } }, "askIf uses derived value 'nope', which is not defined"],
    [
      'a condition on every field',
      { askIf: { vetName: answer('vet').is('not-listed'), vetEmail: answer('vet').is('not-listed') } },
      'every field has an askIf: one must always be asked',
    ],
  ])('refuses %s', (_, step, says) => {
    expect(problemsOf(withDetails(step))).toEqual([expect.stringContaining(says)]);
  });
});
