import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_ATTEMPTS, ReferenceCollisionError, type Application, type SubmitInput } from '../../src/store/applications.ts';
import type { Queryable } from '../../src/store/database.ts';
import { DraftNotFoundError } from '../../src/store/drafts.ts';
import type { AppStore } from '../../src/store/index.ts';
import { engines, useStore } from './engines.ts';

let referenceCounter = 0;
function uniqueReference(): string {
  referenceCounter += 1;
  return `IRM-${process.pid}-${referenceCounter}-${randomUUID().slice(0, 8)}`;
}

async function newDraft(store: AppStore): Promise<string> {
  const draft = await store.drafts.create('fostering', 'v3');
  await store.drafts.saveStep(draft.id, 'route', { route: 'fostering' });
  return draft.id;
}

function submission(draftId: string, overrides: Partial<SubmitInput> = {}): SubmitInput {
  return {
    draftId,
    journeyId: 'fostering',
    journeyVersion: 'v3',
    route: 'fostering',
    late: false,
    data: { applicant: { name: 'Sam' }, reasons: ['terminated'] },
    newReference: uniqueReference,
    ...overrides,
  };
}

async function applicationsFor(store: AppStore, draftId: string): Promise<number> {
  const [row] = await store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM applications WHERE draft_id = $1', [draftId]);
  return row?.n ?? 0;
}

/** What the later outbox issue will do: write rows in the submission's transaction. */
const hookCalls: Application[] = [];
let failHook = false;
async function recordInOutbox(tx: Queryable, application: Application): Promise<void> {
  hookCalls.push(application);
  await tx.query('INSERT INTO hook_probe (application_id, reference) VALUES ($1, $2)', [application.id, application.reference]);
  if (failHook) throw new Error('outbox unavailable');
}

describe.each(engines)('applications on $name', (engine) => {
  const store = useStore(engine, { onSubmitted: recordInOutbox });

  beforeAll(async () => {
    await store().db.exec('CREATE TABLE hook_probe (application_id uuid PRIMARY KEY, reference text NOT NULL)');
  });

  it('turns a draft into an application and marks the draft submitted', async () => {
    const draftId = await newDraft(store());
    const data = { applicant: { name: 'Siân' }, letterDate: '2025-01-03', evidence: [{ id: 'e1' }] };
    const { application, created } = await store().applications.submit(submission(draftId, { late: true, route: 'adoption', data }));

    expect(created).toBe(true);
    expect(application).toMatchObject({ draftId, journeyId: 'fostering', journeyVersion: 'v3', route: 'adoption', late: true, data });
    expect(application.submittedAt).toBeInstanceOf(Date);
    expect(await store().applications.getById(application.id)).toEqual(application);
    expect(await store().applications.getByReference(application.reference)).toEqual(application);
    expect((await store().drafts.get(draftId))?.submittedApplicationId).toBe(application.id);
  });

  it('finds nothing for unknown ids and references', async () => {
    expect(await store().applications.getById(randomUUID())).toBeUndefined();
    expect(await store().applications.getById('IRM-1234')).toBeUndefined();
    expect(await store().applications.getByReference('IRM-NOPE')).toBeUndefined();
  });

  it('gives the same application back when a draft is submitted again', async () => {
    const draftId = await newDraft(store());
    const first = await store().applications.submit(submission(draftId));
    const again = await store().applications.submit(submission(draftId, { data: { different: true } }));

    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.application).toEqual(first.application);
    expect(await applicationsFor(store(), draftId)).toBe(1);
  });

  it('makes exactly one application when the same draft is submitted at the same moment', async () => {
    const draftId = await newDraft(store());
    const results = await Promise.all(Array.from({ length: 6 }, () => store().applications.submit(submission(draftId))));

    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.application.id)).size).toBe(1);
    expect(await applicationsFor(store(), draftId)).toBe(1);
  });

  it('tries a fresh reference when the first one is taken', async () => {
    const taken = (await store().applications.submit(submission(await newDraft(store())))).application.reference;
    const candidates = [taken, 'IRM-FRESH-' + randomUUID()];
    const draftId = await newDraft(store());

    const { application, created } = await store().applications.submit(submission(draftId, { newReference: () => candidates.shift() ?? 'unexpected' }));

    expect(created).toBe(true);
    expect(application.reference).toMatch(/^IRM-FRESH-/);
    expect(candidates).toEqual([]);
  });

  it('gives up after a few taken references and leaves the draft unsubmitted', async () => {
    const taken = (await store().applications.submit(submission(await newDraft(store())))).application.reference;
    const draftId = await newDraft(store());
    let calls = 0;

    await expect(
      store().applications.submit(
        submission(draftId, {
          newReference: () => {
            calls += 1;
            return taken;
          },
        }),
      ),
    ).rejects.toBeInstanceOf(ReferenceCollisionError);
    expect(calls).toBe(REFERENCE_ATTEMPTS);
    expect((await store().drafts.get(draftId))?.submittedApplicationId).toBeNull();

    // and a later attempt with a working generator succeeds
    expect((await store().applications.submit(submission(draftId))).created).toBe(true);
  });

  it('refuses a draft that does not exist', async () => {
    await expect(store().applications.submit(submission(randomUUID()))).rejects.toBeInstanceOf(DraftNotFoundError);
    await expect(store().applications.submit(submission('nonsense'))).rejects.toBeInstanceOf(DraftNotFoundError);
  });

  it('runs the onSubmitted hook in the same transaction, once per new application', async () => {
    const draftId = await newDraft(store());
    const before = hookCalls.length;
    const { application } = await store().applications.submit(submission(draftId));
    await store().applications.submit(submission(draftId));

    expect(hookCalls.slice(before).map((a) => a.id)).toEqual([application.id]);
    expect(await store().db.query('SELECT reference FROM hook_probe WHERE application_id = $1', [application.id])).toEqual([
      { reference: application.reference },
    ]);
  });

  it('saves nothing when the onSubmitted hook fails', async () => {
    const draftId = await newDraft(store());
    failHook = true;
    try {
      await expect(store().applications.submit(submission(draftId))).rejects.toThrow('outbox unavailable');
    } finally {
      failHook = false;
    }
    const attempted = hookCalls.at(-1);
    expect(attempted?.draftId).toBe(draftId);
    expect(await applicationsFor(store(), draftId)).toBe(0);
    expect((await store().drafts.get(draftId))?.submittedApplicationId).toBeNull();
    expect(await store().db.query('SELECT 1 FROM hook_probe WHERE application_id = $1', [attempted?.id])).toEqual([]);
  });
});
