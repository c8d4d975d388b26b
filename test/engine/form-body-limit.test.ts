import { describe, expect, it } from 'vitest';
import { textareaField } from '../../src/engine/fields/textarea.ts';
import { textField } from '../../src/engine/fields/text.ts';
import { radiosField } from '../../src/engine/fields/choice.ts';
import { BYTES_PER_CHARACTER, formBodyLimit, MIN_FORM_BODY_BYTES } from '../../src/engine/form-body-limit.ts';
import { defineJourney, type Step } from '../../src/engine/journey.ts';
import { petJourney } from './sample-journey.ts';

const journeyOf = (steps: Step[]) => defineJourney({ id: 'j', version: '1', basePath: '/j', start: 'a', derive: {}, steps });

/** A form as the browser sends the page with every field full of four-byte characters. */
const fullForm = (names: Array<[string, number]>): string =>
  new URLSearchParams([['_csrf', 'x'.repeat(64)], ...names.map(([name, max]) => [name, '🙂'.repeat(max)]), ['_saveForLater', '']]).toString();

describe('the form body limit, from the journeys', () => {
  it('fits the largest page with every field at its maximum in four-byte characters', () => {
    const journey = journeyOf([
      { kind: 'question', id: 'a', fields: [textareaField('story', { maxLength: 6000 }), textField('name', { maxLength: 150 })], next: 'b' },
      { kind: 'question', id: 'b', fields: [textareaField('short', { maxLength: 50 })], next: 'c' },
      { kind: 'check-answers', id: 'c' },
    ]);
    const limit = formBodyLimit([journey]);
    expect(
      Buffer.byteLength(
        fullForm([
          ['story', 6000],
          ['name', 150],
        ]),
      ),
    ).toBeLessThanOrEqual(limit);
    // and no more than a few kilobytes past it
    expect(limit).toBeLessThan(6150 * BYTES_PER_CHARACTER + 8 * 1024);
  });

  it('takes the largest of several journeys', () => {
    const small = journeyOf([
      { kind: 'question', id: 'a', fields: [textareaField('story', { maxLength: 2000 })], next: 'c' },
      { kind: 'check-answers', id: 'c' },
    ]);
    const large = journeyOf([
      { kind: 'question', id: 'a', fields: [textareaField('story', { maxLength: 9000 })], next: 'c' },
      { kind: 'check-answers', id: 'c' },
    ]);
    expect(formBodyLimit([small, large])).toBe(formBodyLimit([large]));
    expect(formBodyLimit([small, large])).toBeGreaterThan(formBodyLimit([small]));
  });

  it('is never below the floor the service’s other forms need', () => {
    const choices = journeyOf([
      { kind: 'question', id: 'a', fields: [radiosField('pick', ['x', 'y'])], next: 'c' },
      { kind: 'check-answers', id: 'c' },
    ]);
    expect(formBodyLimit([choices])).toBe(MIN_FORM_BODY_BYTES);
    expect(formBodyLimit([petJourney])).toBeGreaterThanOrEqual(MIN_FORM_BODY_BYTES);
  });
});
