import { describe, it, expect } from 'vitest';
import { journeyMap } from '../../src/engine/journey-map.ts';
import { nextTargets } from '../../src/engine/journey.ts';
import { petJourney } from './sample-journey.ts';

describe('journeyMap', () => {
  const map = journeyMap(petJourney);
  const lines = map.trimEnd().split('\n');

  it('is a Mermaid flowchart', () => {
    expect(lines[0]).toBe('flowchart TD');
  });

  it.each([
    ['animal', 'animal["animal<br/><small>animal: radios</small>"]'],
    ['dog-size', 'dog_size["dog-size<br/><small>size: radios</small>"]'],
    ['owner', 'owner["owner<br/><small>ownerName: text, email: email, phone: phone</small>"]'],
    ['new-pet-advice', 'new_pet_advice[/"new-pet-advice"/]'],
    ['no-snakes', 'no_snakes(["no-snakes"])'],
    ['check-answers', 'check_answers[["check-answers"]]'],
  ])('draws %s, shaped by its kind', (_id, line) => {
    expect(lines).toContain(`  ${line}`);
  });

  it('draws every step once', () => {
    const nodeLines = lines.filter((l) => !l.includes('-->') && l !== 'flowchart TD');
    expect(nodeLines).toHaveLength(petJourney.steps.length);
  });

  it.each([
    'animal -- "animal is snake" --> no_snakes',
    'animal -- "animal is dog" --> dog_size',
    'animal -- "otherwise" --> pet_name',
    'pet_name -- "bigDog" --> muzzle',
    'pet_name -- "otherwise" --> adopted',
    'adopted -- "adoptedThisYear" --> new_pet_advice',
    'adopted -- "otherwise" --> owner',
  ])('labels the branch %s', (edge) => {
    expect(lines).toContain(`  ${edge}`);
  });

  it.each(['dog_size --> pet_name', 'muzzle --> adopted', 'new_pet_advice --> owner', 'owner --> check_answers'])('draws the plain step %s', (edge) => {
    expect(lines).toContain(`  ${edge}`);
  });

  it('draws one edge per target and none from exits or check-your-answers', () => {
    const expected = petJourney.steps.flatMap((s) => (s.kind === 'question' || s.kind === 'content' ? nextTargets(s.next) : []));
    expect(lines.filter((l) => l.includes('-->'))).toHaveLength(expected.length);
    expect(lines.some((l) => /^\s+(no_snakes|check_answers) /.test(l) && l.includes('-->'))).toBe(false);
  });
});
