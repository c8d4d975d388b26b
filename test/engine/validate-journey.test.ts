import { describe, it, expect } from 'vitest';
import { answer, derived } from '../../src/engine/conditions.ts';
import { checkboxesField, radiosField } from '../../src/engine/fields/choice.ts';
import { dateField } from '../../src/engine/fields/date.ts';
import { textField } from '../../src/engine/fields/text.ts';
import { otherwise, when, type Journey, type Step } from '../../src/engine/journey.ts';
import { JourneyDefinitionError, requiredKeys, validateJourney } from '../../src/engine/validate-journey.ts';
import { completeTranslations, hasTranslationFrom, petJourney, questionOf, stepOf } from './sample-journey.ts';

const languages = ['en', 'cy'] as const;

function replaceStep(journey: Journey, id: string, replacement: Step): Journey {
  return { ...journey, steps: journey.steps.map((s) => (s.id === id ? replacement : s)) };
}

function addStep(journey: Journey, step: Step): Journey {
  return { ...journey, steps: [...journey.steps, step] };
}

/** Validates with every translation the journey needs, so only the structural problem under test shows. */
function validateStructure(journey: Journey): void {
  validateJourney(journey, { languages, hasTranslation: hasTranslationFrom(completeTranslations(journey, languages)) });
}

function definitionError(run: () => void): JourneyDefinitionError {
  try {
    run();
  } catch (error) {
    if (error instanceof JourneyDefinitionError) return error;
    throw error;
  }
  throw new Error('expected a JourneyDefinitionError, but the journey was accepted');
}

describe('validateJourney', () => {
  it('accepts a valid journey with every translation', () => {
    expect(() => validateStructure(petJourney)).not.toThrow();
  });

  it.each<{ what: string; journey: Journey; step: string; says: string }>([
    {
      what: 'a dangling target',
      journey: replaceStep(petJourney, 'muzzle', { ...questionOf(petJourney, 'muzzle'), next: 'nowhere' }),
      step: 'muzzle',
      says: "goes to 'nowhere', which does not exist",
    },
    {
      what: 'a dangling branch target',
      journey: replaceStep(petJourney, 'animal', {
        ...questionOf(petJourney, 'animal'),
        next: [when(answer('animal').is('snake'), 'no-snakes'), otherwise('pet-nmae')],
      }),
      step: 'animal',
      says: "goes to 'pet-nmae'",
    },
    {
      what: 'an unreachable step',
      journey: addStep(petJourney, { id: 'orphan', kind: 'content', next: 'owner' }),
      step: 'orphan',
      says: 'cannot be reached from the start',
    },
    {
      what: 'a cycle',
      journey: replaceStep(petJourney, 'new-pet-advice', { id: 'new-pet-advice', kind: 'content', next: 'adopted' }),
      step: 'adopted',
      says: 'the journey loops (adopted → new-pet-advice → adopted)',
    },
    {
      what: 'a branch list whose last branch has a condition',
      journey: replaceStep(petJourney, 'animal', {
        ...questionOf(petJourney, 'animal'),
        next: [when(answer('animal').is('snake'), 'no-snakes'), when(answer('animal').is('dog'), 'dog-size'), when(answer('animal').is('cat'), 'pet-name')],
      }),
      step: 'animal',
      says: 'the last branch must have no condition',
    },
    {
      what: 'an empty branch list',
      journey: addStep(replaceStep(petJourney, 'muzzle', { ...questionOf(petJourney, 'muzzle'), next: [] }), {
        id: 'after-muzzle',
        kind: 'content',
        next: 'adopted',
      }),
      step: 'muzzle',
      says: 'the last branch must have no condition',
    },
    {
      what: 'a condition on an unknown field',
      journey: replaceStep(petJourney, 'pet-name', {
        ...questionOf(petJourney, 'pet-name'),
        next: [when(answer('colour').is('black'), 'muzzle'), otherwise('adopted')],
      }),
      step: 'pet-name',
      says: "a condition uses field 'colour', which no step asks",
    },
    {
      what: 'an unknown derived value',
      journey: replaceStep(petJourney, 'adopted', {
        ...questionOf(petJourney, 'adopted'),
        next: [when(derived('isSenior').isTrue(), 'new-pet-advice'), otherwise('owner')],
      }),
      step: 'adopted',
      says: "derived value 'isSenior', which is not defined",
    },
    {
      what: 'a field asked on two steps',
      journey: replaceStep(petJourney, 'muzzle', { ...questionOf(petJourney, 'muzzle'), fields: [textField('petName')] }),
      step: 'muzzle',
      says: "field 'petName' is already asked on step 'pet-name'",
    },
    {
      what: 'a question step with no fields',
      journey: replaceStep(petJourney, 'muzzle', { ...questionOf(petJourney, 'muzzle'), fields: [] }),
      step: 'muzzle',
      says: 'needs at least one field',
    },
    {
      what: 'duplicated ids',
      journey: addStep(petJourney, { id: 'muzzle', kind: 'content', next: 'adopted' }),
      step: 'muzzle',
      says: 'id used twice',
    },
    {
      what: 'a path used twice',
      journey: replaceStep(petJourney, 'muzzle', { ...questionOf(petJourney, 'muzzle'), path: 'your-details' }),
      step: 'owner',
      says: "path 'your-details' used twice",
    },
  ])('rejects $what, naming the step', ({ journey, step, says }) => {
    const error = definitionError(() => validateStructure(journey));
    const problem = error.problems.find((p) => p.startsWith(`step '${step}': `) && p.includes(says));
    expect(problem, error.message).toBeDefined();
    expect(error.message).toContain(`'${step}'`);
    expect(error.message).toContain(`Journey '${journey.id}' is not valid`);
  });

  it.each(['Your-Details', 'your_details', 'your details', '-owner', 'owner-', 'owner--details', 'owner/details', '../owner', ''])(
    'rejects the path slug %j, naming the step',
    (path) => {
      const journey = replaceStep(petJourney, 'owner', { ...questionOf(petJourney, 'owner'), path });
      const error = definitionError(() => validateStructure(journey));
      expect(error.problems).toContainEqual(expect.stringContaining(`step 'owner': path '${path}' must be lower-case words joined by hyphens`));
    },
  );

  it.each(['owner', 'your-details', 'step-2', 'a1-b2-c3'])('accepts the path slug %j', (path) => {
    const journey = replaceStep(petJourney, 'owner', { ...questionOf(petJourney, 'owner'), path });
    expect(() => validateStructure(journey)).not.toThrow();
  });

  it('rejects a journey with no check-answers step', () => {
    const journey = replaceStep(petJourney, 'check-answers', { id: 'check-answers', kind: 'exit' });
    const error = definitionError(() => validateStructure(journey));
    expect(error.problems).toContain('the journey has no check-answers step');
  });

  it('rejects a start step that does not exist', () => {
    const error = definitionError(() => validateStructure({ ...petJourney, start: 'begin' }));
    expect(error.problems).toContainEqual(expect.stringContaining("start step 'begin' does not exist"));
  });

  it('lists every problem at once, not just the first', () => {
    let journey = replaceStep(petJourney, 'muzzle', { ...questionOf(petJourney, 'muzzle'), next: 'nowhere' });
    journey = addStep(journey, { id: 'orphan', kind: 'content', next: 'owner' });
    const error = definitionError(() => validateStructure(journey));
    expect(error.problems).toEqual(expect.arrayContaining([expect.stringContaining("step 'muzzle'"), expect.stringContaining("step 'orphan'")]));
  });
});

describe('validateJourney: translations', () => {
  const complete = completeTranslations(petJourney, languages);

  function withoutKey(lang: string, key: string): Set<string> {
    const keys = new Set(complete);
    keys.delete(`${lang}:${key}`);
    return keys;
  }

  // One case per step: the first key only it needs (section headings are shared), missing only in Welsh.
  const ownKey = (step: Step): string => requiredKeys(step).find((key) => !key.startsWith('journey:sections.')) ?? '';
  it.each(petJourney.steps.map((step) => ({ step: step.id, kind: step.kind, key: ownKey(step) })))(
    'names $step ($kind) when $key has no cy translation',
    ({ step, key }) => {
      const error = definitionError(() => validateJourney(petJourney, { languages, hasTranslation: hasTranslationFrom(withoutKey('cy', key)) }));
      expect(error.problems).toEqual([`step '${step}': no cy translation for '${key}'`]);
    },
  );

  it.each([
    ['a radios option label', 'animal', 'journey:fields.animal.options.snake.label'],
    ['an error message', 'owner', 'journey:fields.email.errors.format'],
    ['a section heading', 'owner', 'journey:sections.owner'],
    ['a content page body', 'new-pet-advice', 'journey:steps.new-pet-advice.body'],
    ['an exit page body', 'no-snakes', 'journey:steps.no-snakes.body'],
    ['a date part label', 'adopted', 'engine:date.parts.month'],
  ])('notices a missing %s in one language only', (_what, step, key) => {
    const error = definitionError(() => validateJourney(petJourney, { languages, hasTranslation: hasTranslationFrom(withoutKey('en', key)) }));
    expect(error.problems).toContainEqual(`step '${step}': no en translation for '${key}'`);
    expect(error.problems.join('\n')).not.toContain('no cy translation');
  });
});

describe('requiredKeys', () => {
  it('a one-field page takes its title from the label, so needs no title of its own', () => {
    const keys = requiredKeys(questionOf(petJourney, 'pet-name'));
    expect(keys).toContain('journey:fields.petName.label');
    expect(keys).not.toContain('journey:steps.pet-name.title');
  });

  it('a page of several fields needs a title, and each field its label and every error it can raise', () => {
    const keys = requiredKeys(questionOf(petJourney, 'owner'));
    expect(keys).toEqual(
      expect.arrayContaining([
        'journey:steps.owner.title',
        'journey:sections.owner',
        'journey:fields.ownerName.label',
        'journey:fields.ownerName.errors.required',
        'journey:fields.ownerName.errors.tooLong',
        'journey:fields.email.errors.format',
        'journey:fields.phone.errors.format',
      ]),
    );
    // The phone number is optional, so it can never be "required".
    expect(keys).not.toContain('journey:fields.phone.errors.required');
  });

  it.each<{ step: Step; keys: string[] }>([
    { step: stepOf(petJourney, 'new-pet-advice'), keys: ['journey:steps.new-pet-advice.title', 'journey:steps.new-pet-advice.body'] },
    { step: { id: 'custom', kind: 'content', view: 'custom.njk', next: 'x' }, keys: ['journey:steps.custom.title'] },
    { step: stepOf(petJourney, 'no-snakes'), keys: ['journey:steps.no-snakes.title', 'journey:steps.no-snakes.body'] },
    { step: stepOf(petJourney, 'check-answers'), keys: ['journey:checkAnswers.title'] },
  ])('$step.kind $step.id needs exactly $keys', ({ step, keys }) => {
    expect(requiredKeys(step)).toEqual(keys);
  });

  it('asks for option labels, option hints and the date parts', () => {
    const step: Step = {
      id: 'many',
      kind: 'question',
      fields: [
        radiosField('colour', ['red', 'green'], { hinted: ['green'] }),
        checkboxesField('extras', ['a', 'none'], { exclusive: 'none' }),
        dateField('born'),
      ],
      next: 'x',
    };
    expect(requiredKeys(step)).toEqual(
      expect.arrayContaining([
        'journey:fields.colour.options.red.label',
        'journey:fields.colour.options.green.hint',
        'journey:fields.extras.options.none.label',
        'journey:fields.extras.errors.exclusive',
        'journey:fields.born.errors.incomplete',
        'engine:date.day',
      ]),
    );
    expect(requiredKeys(step)).not.toContain('journey:fields.colour.options.red.hint');
  });
});
