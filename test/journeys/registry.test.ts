import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { radiosField } from '../../src/engine/fields/choice.ts';
import { textField } from '../../src/engine/fields/text.ts';
import type { Field } from '../../src/engine/fields/field.ts';
import { defineJourney } from '../../src/engine/journey.ts';
import type { SubmissionPort } from '../../src/engine/router.ts';
import type { JourneyDefinition } from '../../src/journeys/definition.ts';
import { journeys } from '../../src/journeys/index.ts';
import { applyJourney } from '../../src/journeys/irm/index.ts';
import { i18n } from '../../src/web/i18n.ts';
import { Applicant, csrfTokenIn, errorSummaryOf, h1Of, startService, type TestService } from '../http/harness.ts';

/**
 * A second journey proves the engine serves many: a folder's worth of
 * definition, its own words under its own namespace, and one entry in the
 * list — nothing in the engine or the service names it.
 */

const NAMESPACE = 'test-feedback';
const words = (lang: 'en' | 'cy') => ({
  fields: {
    rating: {
      label: lang === 'en' ? 'How was the service?' : 'Sut oedd y gwasanaeth?',
      options: { good: { label: lang === 'en' ? 'Good' : 'Da' }, poor: { label: lang === 'en' ? 'Poor' : 'Gwael' } },
      errors: { required: lang === 'en' ? 'Select how the service was' : 'Dewiswch sut oedd y gwasanaeth' },
    },
  },
  // Only the confirmation's title: every other word on check-your-answers and the confirmation is the engine's default.
  confirmation: { title: lang === 'en' ? 'Feedback sent' : 'Adborth wedi’i anfon' },
});
for (const lang of ['en', 'cy'] as const) i18n.addResourceBundle(lang, NAMESPACE, words(lang));

const sent: unknown[] = [];
const submissions: SubmissionPort = {
  async submit(_draft, w) {
    sent.push(w.values);
    return { reference: 'FB-1' };
  },
  async confirmation(draft) {
    return draft.submittedApplicationId === null ? (sent.length > 0 ? { reference: 'FB-1' } : undefined) : { reference: 'FB-1' };
  },
};

function feedbackJourney(fields: readonly Field[] = [radiosField('rating', ['good', 'poor'])], basePath = '/feedback', entry?: 'link'): JourneyDefinition {
  return {
    id: NAMESPACE,
    basePath,
    namespace: NAMESPACE,
    build: () => ({
      journey: defineJourney({
        id: NAMESPACE,
        version: '1',
        basePath,
        namespace: NAMESPACE,
        ...(entry ? { entry } : {}),
        start: 'rating',
        steps: [
          { id: 'rating', kind: 'question', fields, next: 'check-answers' },
          { id: 'check-answers', kind: 'check-answers' },
        ],
        derive: {},
      }),
      submissions,
    }),
  };
}

describe('the journey registry', () => {
  it('is a plain list of journey definitions, the applicant’s first', () => {
    expect(journeys.map((j) => [j.id, j.basePath, j.namespace])).toEqual([
      ['irm-application', '/apply', 'apply'],
      ['agency-response', '/agency-response', 'agency-response'],
    ]);
  });

  describe('with a second journey mounted beside the applicant’s', () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startService({ journeys: [applyJourney, feedbackJourney()] });
    });
    afterAll(async () => {
      await service.close();
    });

    it('serves its pages in its own words, in English and Welsh, with the engine’s words as defaults', async () => {
      const person = new Applicant(service.app);
      const start = await person.get('/feedback');
      expect(start.headers.location).toBe('/feedback/rating');
      expect(h1Of((await person.get('/feedback/rating')).text)).toBe('How was the service?');
      const empty = await person.answer('/feedback/rating', {});
      expect(errorSummaryOf(empty.text)).toEqual(['#rating Select how the service was']);
      await person.answer('/feedback/rating', { rating: 'good' });
      const cya = await person.get('/feedback/check-answers');
      expect(cya.text).toContain('Accept and send');
      expect(cya.text).toContain('Now send your answers');
      expect(cya.text).not.toContain('journey:');
      const welsh = await person.get('/feedback/rating?lang=cy');
      expect(h1Of(welsh.text)).toBe('Sut oedd y gwasanaeth?');
    });

    it('keeps its own draft and submission: the applicant’s journey is untouched', async () => {
      const person = new Applicant(service.app);
      await person.answer('/feedback/rating', { rating: 'poor' });
      await person.answer('/feedback/check-answers');
      const confirmation = await person.get('/feedback/confirmation');
      expect(confirmation.text).toContain('Feedback sent');
      expect(sent).toContainEqual({ rating: 'poor' });
      expect((await person.get('/apply')).headers.location).toBe('/apply/decision-about');
    });
  });

  describe('entered through a link', () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startService({ journeys: [feedbackJourney(undefined, '/feedback', 'link')] });
    });
    afterAll(async () => {
      await service.close();
    });

    it('has no back link on its first page and no "Start again" after sending: a fresh draft would belong to no link', async () => {
      const person = new Applicant(service.app);
      const first = await person.get('/feedback/rating');
      expect(first.status).toBe(200);
      expect(first.text).not.toContain('govuk-back-link');
      await person.answer('/feedback/rating', { rating: 'good' });
      const cya = await person.get('/feedback/check-answers');
      expect(cya.text).toContain('govuk-back-link');
      await person.post('/feedback/check-answers', {}, csrfTokenIn(cya.text));
      const confirmation = await person.get('/feedback/confirmation');
      expect(confirmation.text).toContain('Feedback sent');
      expect(confirmation.text).not.toContain('/feedback/start-again');
      expect((await person.post('/feedback/start-again', {}, csrfTokenIn(cya.text))).status).toBe(404);
    });
  });

  it.each([
    [
      'a field name another journey asks',
      feedbackJourney([textField('fullName', { maxLength: 10 })]),
      "field 'fullName' is already journey 'irm-application's",
    ],
    ['the same base path', feedbackJourney(undefined, '/apply'), "base path '/apply' is already journey 'irm-application's"],
  ])('refuses to start with two journeys that clash: %s', async (_what, second, message) => {
    await expect(startService({ journeys: [applyJourney, second] })).rejects.toThrow(message);
  });

  it('refuses to start when a journey’s words are missing from its namespace, naming the key', async () => {
    const unnamed = { ...feedbackJourney([radiosField('stars', ['one', 'two'])]) };
    await expect(startService({ journeys: [unnamed] })).rejects.toThrow("no en translation for 'journey:fields.stars.label'");
  });
});
