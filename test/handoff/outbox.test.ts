import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { outboxOnSubmitted } from '../../src/handoff/index.ts';
import { createOutbox, type ClaimedEvent } from '../../src/store/outbox.ts';
import { engines } from '../store/engines.ts';
import { HOUR, MINUTE, SECOND, TestClock } from './clock.ts';
import { clearOutbox, sampleDocument, submitApplication, useHandoffDatabase } from './fixtures.ts';

const ENDPOINT = 'http://127.0.0.1:9/webhooks/irm';
const LEASE = 75 * SECOND;

for (const engine of engines) {
  describe(`outbox (${engine.name})`, () => {
    const clock = new TestClock();
    const db = useHandoffDatabase(engine, clock);
    beforeEach(async () => {
      await clearOutbox(db.store());
      clock.set(new Date());
    });

    const claim = (worker: string, limit = 10, outbox = db.outbox()) => outbox.claim({ worker, endpoint: ENDPOINT, now: clock.now(), limit, leaseMs: LEASE });

    it('writes an application.submitted event in the submission transaction, once per application', async () => {
      const application = await submitApplication(db.store());
      const events = await db.outbox().find(application.id);
      expect(events).toEqual([
        expect.objectContaining({
          type: 'application.submitted',
          applicationId: application.id,
          status: 'pending',
          attempts: 0,
          createdAt: clock.now(),
          nextAttemptAt: clock.now(),
        }),
      ]);
      expect(await db.outbox().find(application.reference)).toEqual(events);
      expect(await db.outbox().find(events[0]?.webhookId ?? '')).toEqual(events);

      // Submitting the same draft again makes no second application and no second event.
      const again = await db.store().applications.submit({
        draftId: application.draftId,
        journeyId: 'irm',
        journeyVersion: '1',
        route: 'fostering',
        late: false,
        data: sampleDocument(),
        newReference: () => 'IRM-UNUSED',
      });
      expect(again.created).toBe(false);
      expect(await db.outbox().counts()).toEqual({ pending: 1, delivered: 0, failed: 0 });
    });

    it('writes the event with the submission transaction, so it is gone if that transaction fails', async () => {
      // (test/store checks that a failing onSubmitted hook leaves no application.)
      const application = await submitApplication(db.store());
      const enqueue = outboxOnSubmitted({ now: clock.now });
      await expect(
        db.store().db.transaction(async (tx) => {
          await enqueue(tx, application);
          throw new Error('something after the outbox write failed');
        }),
      ).rejects.toThrow('something after the outbox write failed');
      expect(await db.outbox().find(application.id)).toHaveLength(1);
    });

    it('claims due events oldest first, up to the limit, and records the start of each attempt', async () => {
      const first = await submitApplication(db.store());
      clock.advance(SECOND);
      const second = await submitApplication(db.store());
      clock.advance(SECOND);
      await submitApplication(db.store());

      const claimed = await claim('w1', 2);
      expect(claimed.map((c) => c.applicationId)).toEqual([first.id, second.id]);
      expect(claimed.every((c) => c.roundAttempt === 1 && c.leaseExpiresAt.getTime() === clock.now().getTime() + LEASE)).toBe(true);
      const [attempt] = await db.outbox().attempts(claimed[0]?.eventId ?? '');
      expect(attempt).toMatchObject({ id: claimed[0]?.attemptId, attempt: 1, worker: 'w1', endpoint: ENDPOINT, startedAt: clock.now(), finishedAt: null });
      expect(await claim('w2', 10)).toHaveLength(1);
      expect(await claim('w3', 10)).toEqual([]);
    });

    it('leaves events alone until they are due', async () => {
      const application = await submitApplication(db.store());
      const [claimed] = await claim('w1');
      if (!claimed) throw new Error('nothing claimed');
      await db
        .outbox()
        .settle({ claimed, now: clock.now(), outcome: 'retry', retryAt: new Date(clock.now().getTime() + 5 * MINUTE), statusCode: 503, durationMs: 3 });
      clock.advance(5 * MINUTE - 1);
      expect(await claim('w1')).toEqual([]);
      clock.advance(1);
      expect((await claim('w1')).map((c) => c.applicationId)).toEqual([application.id]);
    });

    it('never lets an attempt whose lease ran out overwrite the attempt that took over', async () => {
      const application = await submitApplication(db.store());
      const [slow] = await claim('slow');
      clock.advance(LEASE);
      const [fast] = await claim('fast');
      if (!slow || !fast) throw new Error('expected both claims');
      expect(fast.roundAttempt).toBe(2);

      const late = await db.outbox().settle({ claimed: slow, now: clock.now(), outcome: 'failed', statusCode: 500, durationMs: 1 });
      expect(late.settled).toBe(false);
      expect((await db.outbox().find(application.id))[0]?.status).toBe('pending');

      const settled = await db.outbox().settle({ claimed: fast, now: clock.now(), outcome: 'delivered', statusCode: 200, durationMs: 1 });
      expect(settled.settled).toBe(true);
      const attempts = await db.outbox().attempts(fast.eventId);
      expect(attempts.map((a) => [a.worker, a.outcome])).toEqual([
        ['slow', 'failed'],
        ['fast', 'delivered'],
      ]);
      expect((await db.outbox().find(application.id))[0]?.status).toBe('delivered');
    });

    it('redelivers an event with the same webhook-id and a fresh schedule, but not while it is in flight', async () => {
      const application = await submitApplication(db.store());
      const [claimed] = await claim('w1');
      if (!claimed) throw new Error('nothing claimed');
      expect(await db.outbox().redeliver(claimed.eventId, clock.now())).toBe('in-flight');
      await db.outbox().settle({ claimed, now: clock.now(), outcome: 'delivered', statusCode: 200, durationMs: 1 });

      clock.advance(HOUR);
      expect(await db.outbox().redeliver(claimed.eventId, clock.now())).toBe('queued');
      const [event] = await db.outbox().find(application.id);
      expect(event).toMatchObject({
        status: 'pending',
        webhookId: claimed.webhookId,
        roundAttempts: 0,
        attempts: 1,
        nextAttemptAt: clock.now(),
        deliveredAt: null,
      });
      const [again] = await claim('w2');
      expect(again).toMatchObject({ webhookId: claimed.webhookId, roundAttempt: 1 });
      expect(await db.outbox().redeliver(randomUUID(), clock.now())).toBe('not-found');
      expect(await db.outbox().redeliver('not-an-id', clock.now())).toBe('not-found');
    });

    it('redelivers only the events that failed since the given time', async () => {
      const fail = async (): Promise<ClaimedEvent> => {
        await submitApplication(db.store());
        const [claimed] = await claim('w1', 1);
        if (!claimed) throw new Error('nothing claimed');
        await db.outbox().settle({ claimed, now: clock.now(), outcome: 'failed', statusCode: 500, durationMs: 1 });
        return claimed;
      };
      const older = await fail();
      clock.advance(HOUR);
      const since = clock.now();
      const newer = await fail();

      expect(await db.outbox().redeliverFailedSince(since, clock.now())).toBe(1);
      expect((await db.outbox().find(newer.eventId))[0]?.status).toBe('pending');
      expect((await db.outbox().find(older.eventId))[0]?.status).toBe('failed');
    });

    it('holds every event while the endpoint is disabled', async () => {
      await submitApplication(db.store());
      await db.outbox().disableEndpoint(ENDPOINT, 'HTTP 410', clock.now());
      expect(await claim('w1')).toEqual([]);
      // Another endpoint (a new WEBHOOK_URL) is not affected.
      expect(await db.outbox().claim({ worker: 'w1', endpoint: `${ENDPOINT}/v2`, now: clock.now(), limit: 10, leaseMs: LEASE })).toHaveLength(1);
      expect(await db.outbox().enableEndpoint(ENDPOINT)).toBe(true);
      expect(await db.outbox().enableEndpoint(ENDPOINT)).toBe(false);
    });

    it('gives two workers claiming at the same moment different events, never the same one', async () => {
      const other = createOutbox((await db.another()).db);
      for (let i = 0; i < 40; i += 1) await submitApplication(db.store());
      const seen = new Map<string, string>();
      for (let round = 0; round < 20; round += 1) {
        const [a, b] = await Promise.all([claim('a', 3), claim('b', 3, other)]);
        for (const [worker, batch] of [
          ['a', a],
          ['b', b],
        ] as const) {
          for (const event of batch) {
            expect(seen.get(event.eventId), `event ${event.eventId} claimed twice`).toBeUndefined();
            seen.set(event.eventId, worker);
          }
        }
        if (a.length + b.length === 0) break;
      }
      expect(seen.size).toBe(40);
    });
  });
}
