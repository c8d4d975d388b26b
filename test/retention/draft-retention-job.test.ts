import { createHash, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDraftRetention } from '../../src/retention/draft-retention-job.ts';
import { runRetentionCommand } from '../../src/retention/retention-command.ts';
import { createDraftRetentionRepository, type RetentionCounts } from '../../src/store/draft-retention.ts';
import { createEvidenceFileRepository } from '../../src/store/evidence-files.ts';
import { openStore, type AppStore } from '../../src/store/index.ts';
import { DAY, HOUR, TestClock } from '../handoff/clock.ts';

/**
 * The retention job on a test clock: an unsubmitted draft nobody has changed
 * for DRAFT_RETENTION_DAYS (28) goes, with its files and links; a younger one
 * and a submitted one stay. It runs as it starts and then every interval.
 */

const START = new Date('2026-11-01T09:00:00Z');
const RETENTION_DAYS = 28;
const silent = pino({ level: 'silent' });

let store: AppStore;
const clock = new TestClock(START);
beforeAll(async () => {
  store = await openStore({ inMemory: true, session: { pruneIntervalMs: 0 }, now: clock.now });
});
afterAll(async () => {
  await store.close();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A draft made (and last changed) now, with a file and a resume link. */
async function draftWithFileAndLink(): Promise<string> {
  const draft = await store.drafts.create('irm-application', 'v1');
  await store.drafts.saveStep(draft.id, 'decision-about', { decisionAbout: 'fostering' });
  const bytes = Buffer.from('%PDF-1.4 letter');
  await createEvidenceFileRepository(store.db).add(
    {
      draftId: draft.id,
      role: 'decision-letter',
      name: 'letter.pdf',
      size: bytes.length,
      type: 'application/pdf',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      scan: 'not-scanned',
    },
    (async function* () {
      yield bytes;
    })(),
  );
  await store.linkTokens.issue(store.db, {
    purpose: 'resume-draft',
    subjectId: draft.id,
    expiresAt: new Date(clock.now().getTime() + 400 * DAY),
    now: clock.now(),
  });
  return draft.id;
}

const what = async (draftId: string) => ({
  draft: (await store.drafts.get(draftId)) !== undefined,
  files: (await createEvidenceFileRepository(store.db).list(draftId)).length,
  links: (await store.linkTokens.listForSubject('resume-draft', draftId)).length,
});

describe('the retention job', () => {
  it('deletes a draft untouched for 29 days with its files and links; keeps one of 27 days and a submitted one', async () => {
    clock.set(START);
    const submitted = await draftWithFileAndLink();
    await store.applications.submit({
      draftId: submitted,
      journeyId: 'irm-application',
      journeyVersion: 'v1',
      route: 'fostering',
      late: false,
      data: {},
      newReference: () => `IRM-${randomUUID().slice(0, 8)}`,
    });
    const old = await draftWithFileAndLink();
    clock.advance(2 * DAY);
    const younger = await draftWithFileAndLink();
    clock.advance(27 * DAY);

    const job = startDraftRetention({
      retention: createDraftRetentionRepository(store.db),
      retentionDays: RETENTION_DAYS,
      intervalMs: HOUR,
      now: clock.now,
      logger: silent,
    });
    try {
      expect(await job.runOnce()).toEqual({ drafts: 1, files: 1, links: 1 });
      expect(await what(old)).toEqual({ draft: false, files: 0, links: 0 });
      expect(await what(younger)).toEqual({ draft: true, files: 1, links: 1 });
      expect((await what(submitted)).draft).toBe(true);
      expect((await what(submitted)).files).toBe(1);

      // Two days on, the younger one is 29 days old too.
      clock.advance(2 * DAY);
      expect(await job.runOnce()).toEqual({ drafts: 1, files: 1, links: 1 });
      expect(await what(younger)).toEqual({ draft: false, files: 0, links: 0 });
      expect((await what(submitted)).draft).toBe(true);
    } finally {
      await job.stop();
    }
  });

  it('runs as it starts and then every interval, keeps going after a failure, and stops', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    const cutOffs: Date[] = [];
    let fail = false;
    const lines: string[] = [];
    const logger = pino(
      { level: 'error' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    const none: RetentionCounts = { drafts: 0, files: 0, links: 0 };
    const job = startDraftRetention({
      retention: {
        deleteAbandoned: async (before) => {
          cutOffs.push(before);
          if (fail) throw new Error('database unavailable');
          return none;
        },
      },
      retentionDays: RETENTION_DAYS,
      intervalMs: HOUR,
      now: clock.now,
      logger,
    });
    clock.set(START);
    await vi.advanceTimersByTimeAsync(0);
    expect(cutOffs).toEqual([new Date(START.getTime() - RETENTION_DAYS * DAY)]);

    fail = true;
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(cutOffs).toHaveLength(2);
    expect(lines.join('')).toContain('the retention job failed');

    fail = false;
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(cutOffs).toHaveLength(3);

    await job.stop();
    await vi.advanceTimersByTimeAsync(5 * HOUR);
    expect(cutOffs).toHaveLength(3);
  });
});

describe('npm run ops -- retention', () => {
  const run = async (args: string[]) => {
    const out: string[] = [];
    const code = await runRetentionCommand(args, {
      retentionDays: RETENTION_DAYS,
      now: clock.now,
      out: (line) => out.push(line),
      open: () => Promise.resolve({ retention: createDraftRetentionRepository(store.db), close: () => Promise.resolve() }),
    });
    return { code, out: out.join('\n') };
  };

  it('--dry-run counts what is due and deletes nothing; without it, deletes it', async () => {
    clock.set(new Date(START.getTime() + 400 * DAY));
    await createDraftRetentionRepository(store.db).deleteAbandoned(clock.now());
    clock.advance(-30 * DAY);
    const due = await draftWithFileAndLink();
    clock.advance(30 * DAY);

    const dry = await run(['--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(`not changed since ${new Date(clock.now().getTime() - RETENTION_DAYS * DAY).toISOString()} (DRAFT_RETENTION_DAYS=28)`);
    expect(dry.out).toContain('would delete 1 draft(s), 1 file(s), 1 link(s) (dry run: nothing deleted)');
    expect((await what(due)).draft).toBe(true);

    const real = await run([]);
    expect(real.out).toContain('deleted 1 draft(s), 1 file(s), 1 link(s)');
    expect(await what(due)).toEqual({ draft: false, files: 0, links: 0 });
  });

  it('explains itself when given something it does not know', async () => {
    const bad = await run(['--everything']);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('Usage: npm run ops -- retention [--dry-run]');
  });
});
