import { beforeEach, describe, expect, it } from 'vitest';
import type { OperatorAlert } from '../../src/handoff/delivery-worker.ts';
import { RESPONSE_EXCERPT_BYTES } from '../../src/handoff/post-webhook.ts';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../../src/handoff/retry-policy.ts';
import { engines } from '../store/engines.ts';
import { DAY, HOUR, SECOND, TestClock, verifyAt } from './clock.ts';
import { makeWorker, useReceiver, newSecret, submitApplication, useHandoffDatabase } from './fixtures.ts';

for (const engine of engines) {
  describe(`webhook delivery (${engine.name})`, () => {
    const clock = new TestClock();
    const db = useHandoffDatabase(engine, clock);
    const receiver = useReceiver(db, clock);
    const secret = newSecret();
    let alerts: OperatorAlert[];

    beforeEach(async () => {
      receiver.respond = () => ({ status: 204 });
      if (!receiver.running) await receiver.start();
      alerts = [];
    });

    const worker = (options: Parameters<typeof makeWorker>[0]['options'] = {}, secrets = [secret]) =>
      makeWorker({ store: db.store(), url: receiver.url, secrets, clock, alerts, options });

    /** Moves the clock to the next due event and runs a round, until nothing is pending. */
    async function driveUntilSettled(w = worker(), limit = 100): Promise<void> {
      for (let round = 0; round < limit; round += 1) {
        const due = await db.outbox().nextDue();
        if (!due) return;
        if (due > clock.now()) clock.set(due);
        await w.runOnce();
      }
      throw new Error('still pending after many rounds');
    }

    it('a delivery cut short by stopping the worker is due again at once, whatever its attempt, and sent with the same webhook-id', async () => {
      const application = await submitApplication(db.store());
      // Two failed attempts first: after a third failure the next would be half an hour away.
      receiver.respond = () => ({ status: 500 });
      await worker().runOnce();
      clock.set((await db.outbox().nextDue()) ?? clock.now());
      await worker().runOnce();
      clock.set((await db.outbox().nextDue()) ?? clock.now());
      receiver.respond = () => ({ hang: true });
      const stopping = worker();
      stopping.start();
      await receiver.waitFor(3);
      await stopping.stop({ graceMs: 50 });
      receiver.release({ status: 204 });

      const [cutShort] = await db.outbox().find(application.reference);
      expect(cutShort).toMatchObject({ status: 'pending', leaseExpiresAt: null, nextAttemptAt: clock.now() });
      receiver.respond = () => ({ status: 204 });
      expect(await worker().runOnce()).toBe(1);
      expect((await db.outbox().find(application.reference))[0]?.status).toBe('delivered');
      expect(new Set(receiver.ids())).toEqual(new Set([cutShort?.webhookId]));
      expect(receiver.received).toHaveLength(4);
    });

    it('sends a submitted application once, signed so the consumer can verify it with its secret', async () => {
      const application = await submitApplication(db.store());
      expect(await worker().runOnce()).toBe(1);

      expect(receiver.received).toHaveLength(1);
      const [delivery] = receiver.received;
      if (!delivery) throw new Error('no delivery');
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(delivery.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(delivery.headers['webhook-timestamp']).toBe(String(Math.floor(clock.now().getTime() / 1000)));
      const event = verifyAt(clock.now(), secret, delivery.body, delivery.headers) as { type: string; data: { reference: string; applicationId: string } };
      expect(event.type).toBe('application.submitted');
      expect(event.data).toMatchObject({ reference: application.reference, applicationId: application.id });

      // Anyone without the secret, or a body changed on the way, fails verification.
      expect(() => verifyAt(clock.now(), newSecret(), delivery.body, delivery.headers)).toThrow();
      expect(() => verifyAt(clock.now(), secret, delivery.body.replace('Sam Jones', 'Someone Else'), delivery.headers)).toThrow();

      const [stored] = await db.outbox().find(application.reference);
      expect(stored).toMatchObject({ status: 'delivered', attempts: 1, webhookId: delivery.headers['webhook-id'] });
      const attempts = await db.outbox().attempts(stored?.id ?? '');
      expect(attempts).toEqual([expect.objectContaining({ attempt: 1, statusCode: 204, outcome: 'delivered', endpoint: receiver.url, error: null })]);
      expect(attempts[0]?.durationMs).toBeGreaterThanOrEqual(0);
      expect(await worker().runOnce()).toBe(0);
    });

    it('signs with every configured secret while keys rotate, and each signature verifies on its own', async () => {
      const [oldSecret, newOne] = [newSecret(), newSecret()];
      await submitApplication(db.store());
      await worker({}, [newOne, oldSecret]).runOnce();

      const [delivery] = receiver.received;
      if (!delivery) throw new Error('no delivery');
      const signatures = (delivery.headers['webhook-signature'] ?? '').split(' ');
      expect(signatures).toHaveLength(2);
      expect(signatures.every((s) => s.startsWith('v1,'))).toBe(true);
      for (const [secretInUse, signature] of [
        [newOne, signatures[0]],
        [oldSecret, signatures[1]],
      ] as const) {
        const onlyThisSignature = { ...delivery.headers, 'webhook-signature': signature ?? '' };
        expect(verifyAt(clock.now(), secretInUse, delivery.body, onlyThisSignature)).toMatchObject({ type: 'application.submitted' });
      }
      expect(verifyAt(clock.now(), oldSecret, delivery.body, delivery.headers)).toBeTruthy();
      expect(verifyAt(clock.now(), newOne, delivery.body, delivery.headers)).toBeTruthy();
    });

    it('retries a 500 after the first backoff with the same webhook-id, a fresh timestamp and fresh signatures', async () => {
      receiver.respond = (_request, index) => (index === 0 ? { status: 500, body: 'database is down' } : { status: 200, body: 'ok' });
      const application = await submitApplication(db.store());
      const w = worker();
      await w.runOnce();
      const [event] = await db.outbox().find(application.id);
      expect(event).toMatchObject({ status: 'pending', lastError: 'HTTP 500' });
      expect(event?.nextAttemptAt.getTime()).toBe(clock.now().getTime() + (RETRY_DELAYS_MS[0] ?? 0));

      // Not due yet: nothing is sent.
      clock.advance(4 * SECOND);
      expect(await w.runOnce()).toBe(0);
      clock.advance(1 * SECOND);
      expect(await w.runOnce()).toBe(1);

      const [first, second] = receiver.received;
      if (!first || !second) throw new Error('expected two deliveries');
      expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
      expect(Number(second.headers['webhook-timestamp'])).toBe(Number(first.headers['webhook-timestamp']) + 5);
      expect(second.headers['webhook-signature']).not.toBe(first.headers['webhook-signature']);
      expect(second.body).toBe(first.body);
      expect(verifyAt(clock.now(), secret, second.body, second.headers)).toBeTruthy();

      const attempts = await db.outbox().attempts(event?.id ?? '');
      expect(attempts.map((a) => [a.attempt, a.statusCode, a.outcome, a.responseBody])).toEqual([
        [1, 500, 'retry', 'database is down'],
        [2, 200, 'delivered', 'ok'],
      ]);
      expect(receiver.received).toHaveLength(2);
    });

    it('gives up on an attempt that takes longer than the timeout, and tries again later', async () => {
      receiver.respond = (_request, index) => (index === 0 ? { hang: true } : { status: 200 });
      const application = await submitApplication(db.store());
      const w = worker({ timeoutMs: 300 });
      await w.runOnce();
      const [event] = await db.outbox().find(application.id);
      expect(event).toMatchObject({ status: 'pending', lastError: 'timed out after 300 ms' });
      const [attempt] = await db.outbox().attempts(event?.id ?? '');
      expect(attempt).toMatchObject({ outcome: 'retry', statusCode: null, error: 'timed out after 300 ms' });

      await driveUntilSettled(w);
      expect((await db.outbox().find(application.id))[0]?.status).toBe('delivered');
      receiver.release();
    });

    it('does not follow redirects: a 3xx is a failed attempt', async () => {
      receiver.respond = (request, index) =>
        index === 0 ? { status: 307, headers: { location: `${receiver.origin}/elsewhere` } } : { status: request.path === '/elsewhere' ? 500 : 200 };
      const application = await submitApplication(db.store());
      await worker().runOnce();
      expect(receiver.received.map((r) => r.path)).toEqual(['/webhooks/irm']);
      const [event] = await db.outbox().find(application.id);
      expect(event).toMatchObject({ status: 'pending', lastError: 'HTTP 307' });
    });

    it('keeps the first 1 KB of a response', async () => {
      receiver.respond = () => ({ status: 400, body: 'x'.repeat(5000) });
      const application = await submitApplication(db.store());
      await worker().runOnce();
      const [event] = await db.outbox().find(application.id);
      const [attempt] = await db.outbox().attempts(event?.id ?? '');
      expect(attempt?.responseBody).toBe('x'.repeat(RESPONSE_EXCERPT_BYTES));
    });

    it('waits as long as a 429 Retry-After asks, rather than the shorter backoff', async () => {
      receiver.respond = (_request, index) => (index === 0 ? { status: 429, headers: { 'retry-after': '3600' } } : { status: 200 });
      const application = await submitApplication(db.store());
      const w = worker();
      await w.runOnce();
      const [event] = await db.outbox().find(application.id);
      expect(event?.nextAttemptAt.getTime()).toBe(clock.now().getTime() + HOUR);

      clock.advance(10 * SECOND);
      expect(await w.runOnce()).toBe(0);
      clock.advance(HOUR);
      expect(await w.runOnce()).toBe(1);
      expect((await db.outbox().find(application.id))[0]?.status).toBe('delivered');
    });

    it('honours Retry-After as an HTTP date on a 503', async () => {
      const retryAt = new Date(Math.ceil((clock.now().getTime() + 2 * HOUR) / 1000) * 1000);
      receiver.respond = (_request, index) => (index === 0 ? { status: 503, headers: { 'retry-after': retryAt.toUTCString() } } : { status: 200 });
      const application = await submitApplication(db.store());
      await worker().runOnce();
      const [event] = await db.outbox().find(application.id);
      expect(event?.nextAttemptAt.toISOString()).toBe(retryAt.toISOString());
    });

    it('stops delivering to an endpoint that answers 410 Gone, alerts, and resumes when an operator enables it', async () => {
      receiver.respond = (_request, index) => (index === 0 ? { status: 410 } : { status: 200 });
      const first = await submitApplication(db.store());
      const w = worker();
      await w.runOnce();

      expect(alerts).toEqual([expect.objectContaining({ kind: 'endpoint-gone', endpoint: receiver.url })]);
      expect((await db.outbox().endpoint(receiver.url)).disabledAt).not.toBeNull();
      const second = await submitApplication(db.store());
      clock.advance(3 * DAY);
      expect(await w.runOnce()).toBe(0);
      expect(receiver.received).toHaveLength(1);
      // Nothing is lost while the endpoint is disabled.
      expect((await db.outbox().counts()).pending).toBe(2);

      expect(await db.outbox().enableEndpoint(receiver.url)).toBe(true);
      expect(await w.runOnce()).toBe(2);
      for (const application of [first, second]) expect((await db.outbox().find(application.id))[0]?.status).toBe('delivered');
    });

    it('delivers everything, once each, after the receiver was down for two days', async () => {
      await receiver.stop();
      const applications = [];
      for (let i = 0; i < 5; i += 1) {
        applications.push(await submitApplication(db.store()));
        clock.advance(2 * HOUR);
      }
      const downUntil = clock.now().getTime() + 2 * DAY;
      const w = worker();
      for (let round = 0; round < 200; round += 1) {
        const due = await db.outbox().nextDue();
        if (!due) break;
        if (due > clock.now()) clock.set(due);
        if (clock.now().getTime() >= downUntil && !receiver.running) await receiver.start();
        await w.runOnce();
      }

      expect(await db.outbox().counts()).toEqual({ pending: 0, delivered: 5, failed: 0 });
      expect(new Set(receiver.ids()).size).toBe(5);
      expect(receiver.received).toHaveLength(5);
      const events = await db.outbox().list();
      expect(events.every((e) => e.attempts > 1)).toBe(true);
      expect(alerts).toEqual([]);
    });

    it('marks an event failed after about three days of failures, alerts, and an operator can send it again', async () => {
      receiver.respond = () => ({ status: 500 });
      const application = await submitApplication(db.store());
      const start = clock.now().getTime();
      await driveUntilSettled();

      const [event] = await db.outbox().find(application.id);
      expect(event).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
      const span = (event?.failedAt?.getTime() ?? 0) - start;
      expect(span).toBe(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0));
      expect(span).toBeGreaterThan(3 * DAY);
      expect(span).toBeLessThan(4 * DAY);
      expect(alerts).toEqual([expect.objectContaining({ kind: 'event-failed', eventId: event?.id, webhookId: event?.webhookId })]);
      expect(receiver.received).toHaveLength(MAX_ATTEMPTS);

      receiver.respond = () => ({ status: 200 });
      const failedSince = new Date(clock.now().getTime() - HOUR);
      expect(await db.outbox().redeliverFailedSince(failedSince, clock.now())).toBe(1);
      expect(await worker().runOnce()).toBe(1);
      expect((await db.outbox().find(application.id))[0]).toMatchObject({ status: 'delivered', attempts: MAX_ATTEMPTS + 1 });
      expect(new Set(receiver.ids())).toEqual(new Set([event?.webhookId]));
    });

    it('sends again, with the same webhook-id, an event whose worker died mid-delivery once its lease runs out', async () => {
      receiver.respond = (_request, index) => (index === 0 ? { hang: true } : { status: 200 });
      const application = await submitApplication(db.store());
      const dying = worker({ timeoutMs: 60_000, leaseMs: 120_000 });
      const dyingRound = dying.runOnce();
      await receiver.waitFor(1);

      // The lease holds: another worker leaves the event alone.
      const survivor = worker();
      expect(await survivor.runOnce()).toBe(0);
      clock.advance(119 * SECOND);
      expect(await survivor.runOnce()).toBe(0);
      clock.advance(1 * SECOND);
      expect(await survivor.runOnce()).toBe(1);

      const [first, second] = receiver.received;
      expect(second?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
      const [event] = await db.outbox().find(application.id);
      expect(event?.status).toBe('delivered');

      // The first worker's request finally fails: it cannot undo the delivery.
      await receiver.stop();
      await dyingRound;
      await receiver.start();
      expect((await db.outbox().find(application.id))[0]?.status).toBe('delivered');
      const attempts = await db.outbox().attempts(event?.id ?? '');
      expect(attempts.map((a) => a.outcome)).toEqual(['retry', 'delivered']);
    });

    it('frees the event of a worker that died right after claiming it', async () => {
      const application = await submitApplication(db.store());
      const [claimed] = await db.outbox().claim({ worker: 'crashed', endpoint: receiver.url, now: clock.now(), limit: 10, leaseMs: 75_000 });
      expect(claimed?.applicationId).toBe(application.id);
      expect(await worker().runOnce()).toBe(0);
      clock.advance(75_000);
      expect(await worker().runOnce()).toBe(1);
      expect(receiver.ids()).toEqual([claimed?.webhookId]);
      const attempts = await db.outbox().attempts(claimed?.eventId ?? '');
      expect(attempts.map((a) => [a.worker, a.finishedAt === null])).toEqual([
        ['crashed', true],
        [expect.not.stringMatching(/^crashed$/), false],
      ]);
    });
  });
}
