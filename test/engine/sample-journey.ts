/**
 * A small made-up journey (licensing a pet) that has every shape the engine
 * must handle: a three-way branch, an exit, a branch on a derived value, a
 * content page only some people see, a multi-field page with an optional field,
 * and check-your-answers. It knows nothing of the real service on purpose.
 */
import { answer, derived } from '../../src/engine/conditions.ts';
import { dateField } from '../../src/engine/fields/date.ts';
import { emailField } from '../../src/engine/fields/email.ts';
import { phoneField } from '../../src/engine/fields/phone.ts';
import { radiosField, yesNoField } from '../../src/engine/fields/choice.ts';
import { textField } from '../../src/engine/fields/text.ts';
import { defineJourney, otherwise, when, type Journey, type QuestionStep, type Step } from '../../src/engine/journey.ts';
import { requiredKeys, type HasTranslation } from '../../src/engine/validate-journey.ts';
import { parseCalendarDate, type CalendarDate } from '../../src/dates/calendar-date.ts';
import type { Answers, EngineContext } from '../../src/engine/types.ts';

export function date(s: string): CalendarDate {
  const parsed = parseCalendarDate(s);
  if (parsed === undefined) throw new Error(`bad test date ${s}`);
  return parsed;
}

export const ctx: EngineContext = { today: date('2025-06-15') };

export const petJourney = defineJourney({
  id: 'pet-licence',
  version: '1',
  basePath: '/pets',
  start: 'animal',
  derive: {
    bigDog: (facts) => facts.answer('size') === 'large',
    adoptedThisYear: (facts, c) => {
      const adopted = facts.answer('adoptedOn');
      return typeof adopted === 'string' && adopted.slice(0, 4) === c.today.slice(0, 4);
    },
  },
  steps: [
    {
      id: 'animal',
      kind: 'question',
      section: 'pet',
      fields: [radiosField('animal', ['dog', 'cat', 'snake'])],
      next: [when(answer('animal').is('snake'), 'no-snakes'), when(answer('animal').is('dog'), 'dog-size'), otherwise('pet-name')],
    },
    { id: 'dog-size', kind: 'question', section: 'pet', fields: [radiosField('size', ['small', 'large'])], next: 'pet-name' },
    {
      id: 'pet-name',
      kind: 'question',
      section: 'pet',
      fields: [textField('petName', { maxLength: 50 })],
      next: [when(derived('bigDog').isTrue(), 'muzzle'), otherwise('adopted')],
    },
    { id: 'muzzle', kind: 'question', section: 'pet', fields: [yesNoField('muzzled')], next: 'adopted' },
    {
      id: 'adopted',
      kind: 'question',
      section: 'pet',
      fields: [dateField('adoptedOn', { notInFuture: true })],
      next: [when(derived('adoptedThisYear').isTrue(), 'new-pet-advice'), otherwise('owner')],
    },
    { id: 'new-pet-advice', kind: 'content', next: 'owner' },
    {
      id: 'owner',
      kind: 'question',
      path: 'your-details',
      section: 'owner',
      fields: [textField('ownerName'), emailField('email'), phoneField('phone', { optional: true })],
      next: 'check-answers',
    },
    { id: 'check-answers', kind: 'check-answers' },
    { id: 'no-snakes', kind: 'exit' },
  ],
} satisfies Journey);

/** A dog owner's complete answers: small dog, adopted years ago, no phone given. */
export const dogOwner: Answers = {
  animal: { animal: 'dog' },
  'dog-size': { size: 'small' },
  'pet-name': { petName: 'Rex' },
  adopted: { adoptedOn: '2020-03-01' },
  owner: { ownerName: 'Sam Smith', email: 'sam@example.com', phone: '' },
};

export function stepOf(journey: Journey, id: string): Step {
  const step = journey.steps.find((s) => s.id === id);
  if (!step) throw new Error(`no step ${id}`);
  return step;
}

export function questionOf(journey: Journey, id: string): QuestionStep {
  const step = stepOf(journey, id);
  if (step.kind !== 'question') throw new Error(`${id} is not a question`);
  return step;
}

/** Every key every step of the journey needs, in every language: a complete set of translations. */
export function completeTranslations(journey: Journey, languages: readonly string[]): Set<string> {
  return new Set(journey.steps.flatMap((step) => requiredKeys(step).flatMap((key) => languages.map((lang) => `${lang}:${key}`))));
}

export function hasTranslationFrom(keys: ReadonlySet<string>): HasTranslation {
  return (lang, key) => keys.has(`${lang}:${key}`);
}
