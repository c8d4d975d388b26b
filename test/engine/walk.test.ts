import { describe, it, expect } from 'vitest';
import { answer, derived, type Facts } from '../../src/engine/conditions.ts';
import { textField } from '../../src/engine/fields/text.ts';
import { defineJourney, otherwise, when, type Journey } from '../../src/engine/journey.ts';
import type { Answers } from '../../src/engine/types.ts';
import { isReachable, previousStep, reachableAnswers, resolveNext, walk } from '../../src/engine/walk.ts';
import { ctx, date, dogOwner, petJourney } from './sample-journey.ts';

const ids = (steps: ReadonlyArray<{ id: string }>): string[] => steps.map((s) => s.id);

function factsOf(values: Record<string, unknown>, derivedValues: Record<string, unknown> = {}): Facts {
  return { answer: (field) => values[field], derived: (name) => derivedValues[name] };
}

describe('walk: where the user is', () => {
  it('stops at the start when nothing is saved', () => {
    const w = walk(petJourney, {}, ctx);
    expect(w.current.id).toBe('animal');
    expect(w.status).toBe('in-progress');
    expect(w.path).toEqual([]);
    expect(w.values).toEqual({});
  });

  it('reaches check-your-answers with a full set of answers', () => {
    const w = walk(petJourney, dogOwner, ctx);
    expect(w.status).toBe('ready');
    expect(w.current.id).toBe('check-answers');
    expect(ids(w.path)).toEqual(['animal', 'dog-size', 'pet-name', 'adopted', 'owner']);
    expect(w.values).toEqual({
      animal: 'dog',
      size: 'small',
      petName: 'Rex',
      adoptedOn: '2020-03-01',
      ownerName: 'Sam Smith',
      email: 'sam@example.com',
      phone: '',
    });
  });

  it('stops at an exit page, with the answers that led there on the path', () => {
    const w = walk(petJourney, { ...dogOwner, animal: { animal: 'snake' } }, ctx);
    expect(w.status).toBe('exited');
    expect(w.current.id).toBe('no-snakes');
    expect(ids(w.path)).toEqual(['animal']);
    expect(w.values).toEqual({ animal: 'snake' });
  });

  it.each<{ answers: Answers; current: string; path: string[] }>([
    { answers: { animal: { animal: 'dog' } }, current: 'dog-size', path: ['animal'] },
    { answers: { animal: { animal: 'cat' } }, current: 'pet-name', path: ['animal'] },
    { answers: { animal: { animal: 'dog' }, 'dog-size': { size: 'small' } }, current: 'pet-name', path: ['animal', 'dog-size'] },
    {
      answers: { animal: { animal: 'dog' }, 'dog-size': { size: 'large' }, 'pet-name': { petName: 'Rex' } },
      current: 'muzzle',
      path: ['animal', 'dog-size', 'pet-name'],
    },
    // Answers saved further on do not help while an earlier step is unanswered.
    { answers: { animal: { animal: 'cat' }, adopted: { adoptedOn: '2020-03-01' } }, current: 'pet-name', path: ['animal'] },
  ])('stops at the first unanswered step ($current)', ({ answers, current, path }) => {
    const w = walk(petJourney, answers, ctx);
    expect(w.status).toBe('in-progress');
    expect(w.current.id).toBe(current);
    expect(ids(w.path)).toEqual(path);
  });

  it('lets an optional field be left out entirely', () => {
    const answers = { ...dogOwner, owner: { ownerName: 'Sam Smith', email: 'sam@example.com' } };
    const w = walk(petJourney, answers, ctx);
    expect(w.status).toBe('ready');
    expect(w.values).not.toHaveProperty('phone');
  });
});

describe('walk: changing an answer', () => {
  // A large dog owner who then says they have a cat: the dog's size and muzzle are now off the path.
  const bigDogOwner: Answers = { ...dogOwner, 'dog-size': { size: 'large' }, muzzle: { muzzled: 'yes' } };
  const nowACat: Answers = { ...bigDogOwner, animal: { animal: 'cat' } };

  it('a branch a change closes leaves the path, and its answers leave values and reachableAnswers', () => {
    expect(ids(walk(petJourney, bigDogOwner, ctx).path)).toEqual(['animal', 'dog-size', 'pet-name', 'muzzle', 'adopted', 'owner']);

    const w = walk(petJourney, nowACat, ctx);
    expect(w.status).toBe('ready');
    expect(ids(w.path)).toEqual(['animal', 'pet-name', 'adopted', 'owner']);
    expect(w.values).not.toHaveProperty('size');
    expect(w.values).not.toHaveProperty('muzzled');
    const reachable = reachableAnswers(w, nowACat);
    expect(Object.keys(reachable)).toEqual(['animal', 'pet-name', 'adopted', 'owner']);
    expect(JSON.stringify(reachable)).not.toMatch(/large|muzzled/);
  });

  it('keeps the stale answers in the draft, so changing back restores them', () => {
    walk(petJourney, nowACat, ctx);
    expect(nowACat['dog-size']).toEqual({ size: 'large' });
    const back = walk(petJourney, { ...nowACat, animal: { animal: 'dog' } }, ctx);
    expect(ids(back.path)).toEqual(['animal', 'dog-size', 'pet-name', 'muzzle', 'adopted', 'owner']);
    expect(back.values).toMatchObject({ size: 'large', muzzled: 'yes' });
  });

  it('a change that opens a branch stops at the newly opened step', () => {
    const catOwner: Answers = { ...dogOwner, animal: { animal: 'cat' } };
    delete catOwner['dog-size'];
    expect(walk(petJourney, catOwner, ctx).status).toBe('ready');

    const w = walk(petJourney, { ...catOwner, animal: { animal: 'dog' } }, ctx);
    expect(w.status).toBe('in-progress');
    expect(w.current.id).toBe('dog-size');
    expect(ids(w.path)).toEqual(['animal']);
  });

  it('a change further down that opens a branch stops there, keeping the steps before it', () => {
    const w = walk(petJourney, { ...dogOwner, 'dog-size': { size: 'large' } }, ctx);
    expect(w.current.id).toBe('muzzle');
    expect(ids(w.path)).toEqual(['animal', 'dog-size', 'pet-name']);
  });
});

describe('walk: saved answers that are no longer valid', () => {
  it.each([
    { why: 'a radios value that is not an option', step: 'animal', saved: { animal: 'hamster' } },
    { why: 'a radios value of the wrong type', step: 'dog-size', saved: { size: ['small'] } },
    { why: 'a required field missing', step: 'pet-name', saved: {} },
    { why: 'a required field left blank', step: 'pet-name', saved: { petName: '' } },
    { why: 'a text answer longer than the field now allows', step: 'pet-name', saved: { petName: 'x'.repeat(51) } },
    { why: 'a date now after today', step: 'adopted', saved: { adoptedOn: '2025-06-16' } },
    { why: 'a date not stored as YYYY-MM-DD', step: 'adopted', saved: { adoptedOn: '1/3/2020' } },
    { why: 'an impossible date', step: 'adopted', saved: { adoptedOn: '2020-02-30' } },
    { why: 'one of several fields missing', step: 'owner', saved: { ownerName: 'Sam Smith', phone: '' } },
    { why: 'an email that is not an email', step: 'owner', saved: { ownerName: 'Sam Smith', email: 'sam', phone: '' } },
    { why: 'an optional field with a bad value', step: 'owner', saved: { ownerName: 'Sam Smith', email: 'sam@example.com', phone: '123' } },
  ])('$why makes $step the current step again', ({ step, saved }) => {
    const w = walk(petJourney, { ...dogOwner, [step]: saved }, ctx);
    expect(w.status).toBe('in-progress');
    expect(w.current.id).toBe(step);
    expect(ids(w.path)).not.toContain(step);
  });

  it('judges dates against ctx.today, so the same answer is fine once that day has come', () => {
    const answers = { ...dogOwner, adopted: { adoptedOn: '2020-06-16' } };
    expect(walk(petJourney, answers, { today: date('2020-06-15') }).current.id).toBe('adopted');
    expect(walk(petJourney, answers, { today: date('2020-06-16') }).current.id).not.toBe('adopted');
  });
});

describe('walk: content pages', () => {
  const adoptedThisYear: Answers = { ...dogOwner, adopted: { adoptedOn: '2025-01-10' } };

  it('stops at a content page that has not been seen', () => {
    const w = walk(petJourney, adoptedThisYear, ctx);
    expect(w.current.id).toBe('new-pet-advice');
    expect(w.status).toBe('in-progress');
  });

  it('counts a content page as answered once {} is saved for it', () => {
    const w = walk(petJourney, { ...adoptedThisYear, 'new-pet-advice': {} }, ctx);
    expect(w.status).toBe('ready');
    expect(ids(w.path)).toEqual(['animal', 'dog-size', 'pet-name', 'adopted', 'new-pet-advice', 'owner']);
    // A content page has no fields, so it adds nothing to what is submitted.
    expect(Object.keys(reachableAnswers(w, { ...adoptedThisYear, 'new-pet-advice': {} }))).not.toContain('new-pet-advice');
  });
});

describe('previousStep: the back link', () => {
  const ready = walk(petJourney, dogOwner, ctx);
  const midway = walk(petJourney, { animal: { animal: 'dog' }, 'dog-size': { size: 'small' } }, ctx);

  it.each([
    { w: ready, stepId: 'animal', back: undefined },
    { w: ready, stepId: 'dog-size', back: 'animal' },
    { w: ready, stepId: 'pet-name', back: 'dog-size' },
    { w: ready, stepId: 'owner', back: 'adopted' },
    { w: ready, stepId: 'check-answers', back: 'owner' },
    { w: midway, stepId: 'pet-name', back: 'dog-size' },
    { w: walk(petJourney, {}, ctx), stepId: 'animal', back: undefined },
    // Off the path: no back link target to trust.
    { w: ready, stepId: 'muzzle', back: undefined },
  ])('from $stepId goes back to $back', ({ w, stepId, back }) => {
    expect(previousStep(w, stepId)?.id).toBe(back);
  });

  it('follows the branch taken, not the order steps are defined in', () => {
    const cat = walk(petJourney, { animal: { animal: 'cat' }, 'pet-name': { petName: 'Tom' } }, ctx);
    expect(previousStep(cat, 'pet-name')?.id).toBe('animal');
    expect(previousStep(cat, 'adopted')?.id).toBe('pet-name');
  });
});

describe('isReachable: the jump guard', () => {
  const midway = walk(
    petJourney,
    { animal: { animal: 'dog' }, 'dog-size': { size: 'small' }, owner: { ownerName: 'Sam Smith', email: 'sam@example.com' } },
    ctx,
  );

  it.each([
    ['animal', true],
    ['dog-size', true],
    ['pet-name', true],
    ['muzzle', false],
    ['adopted', false],
    ['new-pet-advice', false],
    ['owner', false],
    ['check-answers', false],
    ['no-snakes', false],
    ['no-such-step', false],
  ])('%s → %s', (stepId, reachable) => {
    expect(isReachable(midway, stepId)).toBe(reachable);
  });

  it('lets a finished journey open check-your-answers and every step on the path, but not a closed branch', () => {
    const ready = walk(petJourney, dogOwner, ctx);
    expect(isReachable(ready, 'check-answers')).toBe(true);
    expect(isReachable(ready, 'owner')).toBe(true);
    expect(isReachable(ready, 'muzzle')).toBe(false);
    expect(isReachable(ready, 'no-snakes')).toBe(false);
  });
});

describe('resolveNext', () => {
  const next = [
    when(answer('animal').is('dog'), 'first'),
    when(answer('animal').isOneOf(['dog', 'cat']), 'second'),
    when(derived('special').isTrue(), 'third'),
    otherwise('fallback'),
  ];

  it.each([
    { values: { animal: 'dog' }, special: true, goTo: 'first' },
    { values: { animal: 'cat' }, special: true, goTo: 'second' },
    { values: { animal: 'snake' }, special: true, goTo: 'third' },
    { values: { animal: 'snake' }, special: false, goTo: 'fallback' },
    { values: {}, special: undefined, goTo: 'fallback' },
  ])('$values, special=$special → $goTo', ({ values, special, goTo }) => {
    expect(resolveNext(next, factsOf(values, { special }))).toBe(goTo);
  });

  it('returns a plain next step as is', () => {
    expect(resolveNext('somewhere', factsOf({}))).toBe('somewhere');
  });
});

describe('derived values', () => {
  it('can steer a branch', () => {
    const big = walk(petJourney, { ...dogOwner, 'dog-size': { size: 'large' } }, ctx);
    expect(big.current.id).toBe('muzzle');
    expect(big.facts.derived('bigDog')).toBe(true);
  });

  it('only see answers on the path: a stale answer on a closed branch does not steer', () => {
    // The saved size is 'large', but a cat owner never reaches the size question.
    const w = walk(petJourney, { ...dogOwner, animal: { animal: 'cat' }, 'dog-size': { size: 'large' } }, ctx);
    expect(ids(w.path)).not.toContain('muzzle');
    expect(w.facts.derived('bigDog')).toBe(false);
  });

  it('only see answers on the path so far, not answers saved for later steps', () => {
    const seen: Array<Record<string, unknown>> = [];
    const journey: Journey = defineJourney({
      id: 'peek',
      version: '1',
      basePath: '/peek',
      start: 'first',
      derive: {
        peek: (facts) => {
          seen.push({ a: facts.answer('a'), b: facts.answer('b') });
          return false;
        },
      },
      steps: [
        { id: 'first', kind: 'question', fields: [textField('a')], next: [when(derived('peek').isTrue(), 'extra'), otherwise('second')] },
        { id: 'extra', kind: 'question', fields: [textField('c')], next: 'second' },
        { id: 'second', kind: 'question', fields: [textField('b')], next: 'done' },
        { id: 'done', kind: 'check-answers' },
      ],
    });
    const w = walk(journey, { first: { a: 'x' }, second: { b: 'y' } }, ctx);
    expect(w.status).toBe('ready');
    expect(seen).toEqual([{ a: 'x', b: undefined }]);
  });

  it('are given ctx, so rules about today stay pure', () => {
    const answers = { ...dogOwner, adopted: { adoptedOn: '2024-12-31' } };
    expect(walk(petJourney, answers, ctx).status).toBe('ready');
    expect(walk(petJourney, answers, { today: date('2024-12-31') }).current.id).toBe('new-pet-advice');
  });
});

describe('walk on a definition that loops', () => {
  it('throws naming the step instead of spinning forever', () => {
    const looping: Journey = {
      id: 'loop',
      version: '1',
      basePath: '/loop',
      start: 'a',
      derive: {},
      steps: [
        { id: 'a', kind: 'content', next: 'b' },
        { id: 'b', kind: 'content', next: 'a' },
        { id: 'end-page', kind: 'check-answers' },
      ],
    };
    expect(() => walk(looping, { a: {}, b: {} }, ctx)).toThrow(/'a'/);
  });
});
