import { describe, expect, it } from 'vitest';
import { saveForLaterUrl, type Journey } from '../../src/engine/journey.ts';
import { JourneyDefinitionError, validateJourney } from '../../src/engine/validate-journey.ts';
import { completeTranslations, hasTranslationFrom, petJourney } from './sample-journey.ts';

/** "Save and come back later" as a journey asks for it: checked at start-up like the rest of the definition. */

const languages = ['en', 'cy'] as const;
const problemsOf = (journey: Journey): readonly string[] => {
  try {
    validateJourney(journey, { languages, hasTranslation: hasTranslationFrom(completeTranslations(journey, languages)) });
    return [];
  } catch (error) {
    if (error instanceof JourneyDefinitionError) return error.problems;
    throw error;
  }
};

describe('saveForLater in a journey definition', () => {
  it('is accepted with an email field the journey asks, or with none', () => {
    expect(problemsOf({ ...petJourney, saveForLater: { emailField: 'email' } })).toEqual([]);
    expect(problemsOf({ ...petJourney, saveForLater: {} })).toEqual([]);
  });

  it('refuses an email field no question asks', () => {
    expect(problemsOf({ ...petJourney, saveForLater: { emailField: 'ownerEmail' } })).toEqual([
      "save for later: the email field 'ownerEmail' is not a field of any question",
    ]);
  });

  it('keeps the save-and-return pages’ paths free of steps', () => {
    const withSavePath: Journey = { ...petJourney, steps: petJourney.steps.map((s) => (s.id === 'new-pet-advice' ? { ...s, path: 'save' } : s)) };
    expect(problemsOf({ ...withSavePath, saveForLater: {} })).toEqual(["path 'save' is the save-and-return page's, so no step may use it"]);
    // Without save and return, 'save' is a path like any other.
    expect(problemsOf(withSavePath)).toEqual([]);
  });

  it('leads to the journey’s save page', () => {
    expect(saveForLaterUrl(petJourney)).toBe('/pets/save');
  });
});
