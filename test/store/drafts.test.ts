import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DraftNotFoundError, DraftSubmittedError } from '../../src/store/drafts.ts';
import { engines, useStore } from './engines.ts';

describe.each(engines)('drafts on $name', (engine) => {
  const store = useStore(engine);

  it('creates an empty draft for a journey version', async () => {
    const draft = await store().drafts.create('fostering', '2025-01');
    expect(draft).toMatchObject({
      journeyId: 'fostering',
      journeyVersion: '2025-01',
      answers: {},
      submittedApplicationId: null,
    });
    expect(draft.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(draft.createdAt).toBeInstanceOf(Date);
    expect(await store().drafts.get(draft.id)).toEqual(draft);
  });

  it('finds nothing for an unknown id or one that is not a uuid', async () => {
    expect(await store().drafts.get(randomUUID())).toBeUndefined();
    expect(await store().drafts.get('../../etc/passwd')).toBeUndefined();
    expect(await store().drafts.get('')).toBeUndefined();
  });

  it('saves each step under its id, replacing only that step', async () => {
    const { drafts } = store();
    const draft = await drafts.create('adoption', 'v1');
    await drafts.saveStep(draft.id, 'your-name', { firstName: 'Ada', lastName: 'Lovelace' });
    await drafts.saveStep(draft.id, 'contact', { email: 'ada@example.com', phone: '' });
    const saved = await drafts.saveStep(draft.id, 'your-name', { firstName: 'Augusta' });

    expect(saved.answers).toEqual({
      'your-name': { firstName: 'Augusta' },
      contact: { email: 'ada@example.com', phone: '' },
    });
    expect(saved.updatedAt.getTime()).toBeGreaterThanOrEqual(draft.updatedAt.getTime());
    expect(await drafts.get(draft.id)).toEqual(saved);
  });

  it('keeps nested and unusual values exactly', async () => {
    const { drafts } = store();
    const draft = await drafts.create('fostering', 'v1');
    const value = {
      address: { line1: '1 Heol y Castell', town: 'Caerdydd', postcode: 'CF10 1AA' },
      reasons: ['terminated', 'revised-terms'],
      letterDate: { day: '31', month: '2', year: '2025' },
      why: 'They said "no" — and I’d like to know why\nSecond line',
      supporter: null,
      count: 0,
      agreed: false,
    };
    await drafts.saveStep(draft.id, 'details', value);
    expect((await drafts.get(draft.id))?.answers).toEqual({ details: value });
  });

  it('removes a step and leaves the others', async () => {
    const { drafts } = store();
    const draft = await drafts.create('fostering', 'v1');
    await drafts.saveStep(draft.id, 'a', { x: '1' });
    await drafts.saveStep(draft.id, 'b', { y: '2' });
    const after = await drafts.removeStep(draft.id, 'a');
    expect(after.answers).toEqual({ b: { y: '2' } });
    // removing a step that was never saved is harmless
    expect((await drafts.removeStep(draft.id, 'never-saved')).answers).toEqual({ b: { y: '2' } });
  });

  it('says when the draft does not exist', async () => {
    const { drafts } = store();
    await expect(drafts.saveStep(randomUUID(), 'a', { x: '1' })).rejects.toBeInstanceOf(DraftNotFoundError);
    await expect(drafts.saveStep('not-a-uuid', 'a', { x: '1' })).rejects.toBeInstanceOf(DraftNotFoundError);
    await expect(drafts.removeStep(randomUUID(), 'a')).rejects.toBeInstanceOf(DraftNotFoundError);
  });

  it('refuses to change a draft once it has been submitted', async () => {
    const { drafts, applications } = store();
    const draft = await drafts.create('fostering', 'v1');
    await drafts.saveStep(draft.id, 'a', { x: '1' });
    const { application } = await applications.submit({
      draftId: draft.id,
      journeyId: 'fostering',
      journeyVersion: 'v1',
      route: 'fostering',
      late: false,
      data: { a: { x: '1' } },
      newReference: () => `IRM-${randomUUID()}`,
    });

    const rejection = drafts.saveStep(draft.id, 'a', { x: 'changed' });
    await expect(rejection).rejects.toBeInstanceOf(DraftSubmittedError);
    await expect(rejection).rejects.toMatchObject({ applicationId: application.id });
    await expect(drafts.removeStep(draft.id, 'a')).rejects.toBeInstanceOf(DraftSubmittedError);
    expect(await drafts.get(draft.id)).toMatchObject({ answers: { a: { x: '1' } }, submittedApplicationId: application.id });
  });
});
