import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDraftRetentionRepository } from '../../src/store/draft-retention.ts';
import { createEvidenceFileRepository } from '../../src/store/evidence-files.ts';
import { engines, useStore } from './engines.ts';

const DAY = 24 * 60 * 60 * 1000;
const START = new Date('2026-11-01T09:00:00Z');

describe.each(engines)('draft retention on $name', (engine) => {
  let at = START.getTime();
  const now = (): Date => new Date(at);
  const store = useStore(engine, { now });
  const retention = () => createDraftRetentionRepository(store().db);

  /** A draft last changed `daysAgo` days before now, with `files` uploaded files and `links` resume links. */
  async function draftChanged(daysAgo: number, { files = 0, links = 0 } = {}): Promise<string> {
    const saved = at;
    at -= daysAgo * DAY;
    try {
      const draft = await store().drafts.create('irm-application', 'v1');
      await store().drafts.saveStep(draft.id, 'decision-about', { decisionAbout: 'fostering' });
      const evidence = createEvidenceFileRepository(store().db);
      for (let i = 0; i < files; i += 1) {
        const bytes = Buffer.from(`file ${i}`);
        await evidence.add(
          {
            draftId: draft.id,
            role: 'supporting',
            name: `f${i}.txt`,
            size: bytes.length,
            type: 'text/plain',
            sha256: createHash('sha256').update(bytes).digest('hex'),
            scan: 'not-scanned',
          },
          (async function* () {
            yield bytes;
          })(),
        );
      }
      for (let i = 0; i < links; i += 1) {
        await store().linkTokens.issue(store().db, { purpose: 'resume-draft', subjectId: draft.id, expiresAt: new Date(at + 400 * DAY), now: now() });
      }
      return draft.id;
    } finally {
      at = saved;
    }
  }

  const exists = async (draftId: string) => (await store().drafts.get(draftId)) !== undefined;
  const linksOf = async (draftId: string) => (await store().linkTokens.listForSubject('resume-draft', draftId)).length;
  const filesOf = async (draftId: string) => (await createEvidenceFileRepository(store().db).list(draftId)).length;
  const chunksOf = async (draftId: string) =>
    (
      await store().db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM evidence_file_chunks c JOIN evidence_files f ON f.id = c.file_id WHERE f.draft_id = $1',
        [draftId],
      )
    )[0]?.n;
  const cutOff = (days: number) => new Date(at - days * DAY);

  it('keeps when a draft last changed by the service’s clock', async () => {
    at = START.getTime();
    const draft = await store().drafts.create('irm-application', 'v1');
    expect(draft.createdAt).toEqual(START);
    expect(draft.updatedAt).toEqual(START);
    at += 5 * DAY;
    expect((await store().drafts.saveStep(draft.id, 'x', { a: 1 })).updatedAt).toEqual(now());
    at += DAY;
    expect((await store().drafts.removeStep(draft.id, 'x')).updatedAt).toEqual(now());
  });

  it('touches an unsubmitted draft only', async () => {
    at = START.getTime();
    const draftId = await draftChanged(10);
    expect(await retention().touch(store().db, draftId, now())).toEqual(now());
    expect((await store().drafts.get(draftId))?.updatedAt).toEqual(now());

    const submitted = await draftChanged(0);
    await store().applications.submit({
      draftId: submitted,
      journeyId: 'irm-application',
      journeyVersion: 'v1',
      route: 'fostering',
      late: false,
      data: {},
      newReference: () => `IRM-${randomUUID().slice(0, 8)}`,
    });
    expect(await retention().touch(store().db, submitted, now())).toBeUndefined();
    expect(await retention().touch(store().db, randomUUID(), now())).toBeUndefined();
    expect(await retention().touch(store().db, 'not-an-id', now())).toBeUndefined();
  });

  it('counts, then deletes, the unsubmitted drafts last changed before the cut-off, with their files and resume links', async () => {
    at = START.getTime() + 100 * DAY;
    // Old drafts from the tests above first: out of the way.
    await retention().deleteAbandoned(cutOff(0));

    const old = await draftChanged(29, { files: 2, links: 2 });
    const alsoOld = await draftChanged(40, { links: 1 });
    const recent = await draftChanged(27, { files: 1, links: 1 });
    const submittedOld = await draftChanged(60, { files: 1, links: 1 });
    await store().applications.submit({
      draftId: submittedOld,
      journeyId: 'irm-application',
      journeyVersion: 'v1',
      route: 'fostering',
      late: false,
      data: {},
      newReference: () => `IRM-${randomUUID().slice(0, 8)}`,
    });
    // An agency link that happens to share an id with an old draft is not the draft's to delete.
    const agencyLink = await store().linkTokens.issue(store().db, { purpose: 'agency-response', subjectId: old, expiresAt: new Date(at + DAY), now: now() });

    expect(await retention().countAbandoned(cutOff(28))).toEqual({ drafts: 2, files: 2, links: 3 });
    // Counting changed nothing.
    expect(await exists(old)).toBe(true);

    expect(await retention().deleteAbandoned(cutOff(28))).toEqual({ drafts: 2, files: 2, links: 3 });
    expect(await exists(old)).toBe(false);
    expect(await exists(alsoOld)).toBe(false);
    expect(await filesOf(old)).toBe(0);
    expect(await chunksOf(old)).toBe(0);
    expect(await linksOf(old)).toBe(0);
    expect(await linksOf(alsoOld)).toBe(0);
    expect(await store().linkTokens.listForSubject('agency-response', old)).toEqual([agencyLink.record]);

    expect(await exists(recent)).toBe(true);
    expect(await filesOf(recent)).toBe(1);
    expect(await linksOf(recent)).toBe(1);
    expect(await exists(submittedOld)).toBe(true);
    expect(await filesOf(submittedOld)).toBe(1);

    // Nothing more to do.
    expect(await retention().deleteAbandoned(cutOff(28))).toEqual({ drafts: 0, files: 0, links: 0 });
  });

  it('deletes in batches until none is left', async () => {
    at = START.getTime() + 200 * DAY;
    await retention().deleteAbandoned(cutOff(0));
    const due: string[] = [];
    for (const days of [30, 31, 32, 33, 34]) due.push(await draftChanged(days, { links: 1 }));
    expect(await retention().deleteAbandoned(cutOff(28), { batchSize: 2 })).toEqual({ drafts: 5, files: 0, links: 5 });
    for (const draftId of due) expect(await exists(draftId)).toBe(false);
  });
});
