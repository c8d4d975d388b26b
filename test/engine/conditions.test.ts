import { describe, it, expect } from 'vitest';
import { all, answer, any, derived, not, type Condition, type Facts } from '../../src/engine/conditions.ts';

const facts: Facts = {
  answer: (field) => ({ animal: 'dog', extras: ['collar', 'microchip'], size: undefined })[field],
  derived: (name) => ({ bigDog: true, age: 3 })[name],
};

describe('conditions', () => {
  it.each<{ condition: Condition; label: string; holds: boolean }>([
    { condition: answer('animal').is('dog'), label: 'animal is dog', holds: true },
    { condition: answer('animal').is('cat'), label: 'animal is cat', holds: false },
    { condition: answer('animal').isOneOf(['cat', 'dog']), label: 'animal is cat or dog', holds: true },
    { condition: answer('size').isOneOf(['small']), label: 'size is small', holds: false },
    { condition: answer('extras').includes('collar'), label: 'extras includes collar', holds: true },
    { condition: answer('extras').includes('none'), label: 'extras includes none', holds: false },
    // A single answer is not a list, so "includes" never matches it by accident.
    { condition: answer('animal').includes('dog'), label: 'animal includes dog', holds: false },
    { condition: derived('bigDog').isTrue(), label: 'bigDog', holds: true },
    { condition: derived('age').is(3), label: 'age is 3', holds: true },
    { condition: derived('age').is('3'), label: 'age is 3', holds: false },
    { condition: all(answer('animal').is('dog'), derived('bigDog').isTrue()), label: 'animal is dog and bigDog', holds: true },
    { condition: all(answer('animal').is('dog'), answer('extras').includes('none')), label: 'animal is dog and extras includes none', holds: false },
    { condition: any(answer('animal').is('cat'), derived('bigDog').isTrue()), label: 'animal is cat or bigDog', holds: true },
    { condition: any(answer('animal').is('cat'), answer('size').is('large')), label: 'animal is cat or size is large', holds: false },
    { condition: not(answer('animal').is('cat')), label: 'not (animal is cat)', holds: true },
  ])('$label → $holds', ({ condition, label, holds }) => {
    expect(condition.label).toBe(label);
    expect(condition.test(facts)).toBe(holds);
  });

  it('combinators report every field and derived value they read, for start-up checks', () => {
    const c = not(any(all(answer('a').is('x'), derived('d1').isTrue()), answer('b').includes('y'), derived('d2').is(1)));
    expect(c.fields).toEqual(['a', 'b']);
    expect(c.derivedNames).toEqual(['d1', 'd2']);
  });
});
