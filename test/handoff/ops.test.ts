import { beforeEach, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/handoff/api-keys.ts';
import { OpsUsageError, runOps } from '../../src/handoff/ops.ts';
import { secretProblem } from '../../src/credential-formats.ts';
import { engines } from '../store/engines.ts';
import { HOUR, TestClock } from './clock.ts';
import { clearOutbox, submitApplication, useHandoffDatabase } from './fixtures.ts';

const ENDPOINT = 'https://caseworker.example.org.uk/webhooks/irm';

describe('npm run ops (no database)', () => {
  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    let opened = false;
    const code = await runOps(argv, {
      endpointUrl: ENDPOINT,
      now: () => new Date(),
      out: (line) => lines.push(line),
      openOutbox: async () => {
        opened = true;
        throw new Error('no database here');
      },
    });
    return { code, text: lines.join('\n'), opened };
  };

  it('makes an API key and the hash to configure', async () => {
    const { code, text, opened } = await run('new-api-key');
    expect(code).toBe(0);
    expect(opened).toBe(false);
    const key = /: (irm_\S+)/.exec(text)?.[1] ?? '';
    const hash = /API_KEY_HASHES: ([0-9a-f]{64})/.exec(text)?.[1];
    expect(hash).toBe(hashApiKey(key));
  });

  it('makes a webhook secret', async () => {
    const { text } = await run('new-webhook-secret');
    expect(secretProblem(text.split('\n')[0] ?? '')).toBeUndefined();
  });

  it('explains its usage, and refuses unknown commands and options before opening the database', async () => {
    expect((await run()).text).toContain('redeliver-failed --since <time>');
    await expect(run('frobnicate')).rejects.toThrow(OpsUsageError);
    await expect(run('events', '--colour')).rejects.toThrow(OpsUsageError);
    expect((await run('help')).opened).toBe(false);
  });
});

for (const engine of engines) {
  describe(`npm run ops (${engine.name})`, () => {
    const clock = new TestClock();
    const db = useHandoffDatabase(engine, clock);
    beforeEach(async () => {
      await clearOutbox(db.store());
      clock.set(new Date('2026-11-22T12:00:00Z'));
    });

    const run = async (...argv: string[]) => {
      const lines: string[] = [];
      const code = await runOps(argv, {
        endpointUrl: ENDPOINT,
        now: clock.now,
        out: (line) => lines.push(line),
        openOutbox: async () => ({
          outbox: db.outbox(),
          close: async () => {
            // The test's database outlives the command.
          },
        }),
      });
      return { code, text: lines.join('\n') };
    };

    /** An event that used up its attempts: claimed and settled as failed. */
    async function failedEvent() {
      const application = await submitApplication(db.store());
      const [claimed] = await db.outbox().claim({ worker: 'w', endpoint: ENDPOINT, now: clock.now(), limit: 1, leaseMs: 60_000 });
      if (!claimed) throw new Error('nothing claimed');
      await db.outbox().settle({ claimed, now: clock.now(), outcome: 'failed', statusCode: 503, durationMs: 12, responseBody: 'down for maintenance' });
      return { application, claimed };
    }

    it('lists events, all or by status', async () => {
      const pending = await submitApplication(db.store());
      const { claimed } = await failedEvent();
      const all = await run('events');
      expect(all.text.split('\n')).toHaveLength(2);
      const failed = await run('events', '--status', 'failed');
      expect(failed.text).toContain(claimed.webhookId);
      expect(failed.text).toContain('last error: HTTP 503');
      expect(failed.text).not.toContain(pending.id);
      expect((await run('status')).text).toContain('pending: 1  delivered: 0  failed: 1');
      await expect(run('events', '--status', 'lost')).rejects.toThrow(OpsUsageError);
    });

    it('shows an event and each attempt, found by reference or webhook-id', async () => {
      const { application, claimed } = await failedEvent();
      for (const key of [application.reference, claimed.webhookId, claimed.eventId]) {
        const { code, text } = await run('show', key);
        expect(code).toBe(0);
        expect(text).toContain(`webhook-id:   ${claimed.webhookId}`);
        expect(text).toContain('status:       failed');
        expect(text).toMatch(/#1 2026-11-22T12:00:00.000Z by w to https:\/\/caseworker\.example\.org\.uk\/webhooks\/irm: failed {2}HTTP 503 {2}12 ms/);
        expect(text).toContain('response: "down for maintenance"');
      }
      expect((await run('show', 'IRM-NOPE')).code).toBe(1);
    });

    it('redelivers one event', async () => {
      const { claimed } = await failedEvent();
      const { code, text } = await run('redeliver', claimed.webhookId);
      expect(code).toBe(0);
      expect(text).toBe(`Queued ${claimed.webhookId} to be sent again now.`);
      expect((await db.outbox().find(claimed.eventId))[0]).toMatchObject({ status: 'pending', nextAttemptAt: clock.now() });
    });

    it('redelivers every event that failed since a time', async () => {
      const early = await failedEvent();
      clock.advance(2 * HOUR);
      const late = await failedEvent();
      const { text } = await run('redeliver-failed', '--since', '2026-11-22T13:00:00Z');
      expect(text).toBe('Queued 1 failed event (failed since 2026-11-22T13:00:00.000Z) to be sent again now.');
      expect((await db.outbox().find(late.claimed.eventId))[0]?.status).toBe('pending');
      expect((await db.outbox().find(early.claimed.eventId))[0]?.status).toBe('failed');
      await expect(run('redeliver-failed', '--since', 'yesterday')).rejects.toThrow(OpsUsageError);
      await expect(run('redeliver-failed')).rejects.toThrow(OpsUsageError);
    });

    it('shows a disabled endpoint and enables it again', async () => {
      await db.outbox().disableEndpoint(ENDPOINT, 'HTTP 410', clock.now());
      expect((await run('endpoint')).text).toContain(`endpoint: ${ENDPOINT} DISABLED since 2026-11-22T12:00:00.000Z (HTTP 410)`);
      expect((await run('endpoint', 'enable')).text).toBe(`Enabled ${ENDPOINT}: held events will be sent now.`);
      expect((await run('endpoint')).text).toBe(`endpoint: ${ENDPOINT} enabled`);
    });
  });
}
