import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsumer, type ApplicationSubmitted } from '../../examples/webhook-consumer.ts';
import { createSigner } from '../../src/handoff/signing.ts';
import { engines } from '../store/engines.ts';
import { TestClock } from './clock.ts';
import { makeWorker, newSecret, submitApplication, useHandoffDatabase } from './fixtures.ts';

const [engine] = engines;
if (!engine) throw new Error('no engine');

describe('the example consumer in examples/', () => {
  const clock = new TestClock();
  const db = useHandoffDatabase(engine, clock);
  const secret = newSecret();
  const handled: Array<{ webhookId: string; reference: string }> = [];
  const consumer = createConsumer({
    secret,
    onEvent: (event: ApplicationSubmitted, webhookId) => {
      handled.push({ webhookId, reference: event.data.reference });
    },
  });
  let url = '';
  beforeAll(async () => {
    consumer.listen(0, '127.0.0.1');
    await once(consumer, 'listening');
    url = `http://127.0.0.1:${(consumer.address() as AddressInfo).port}/webhooks/irm`;
  });
  afterAll(() => {
    consumer.close();
    consumer.closeAllConnections();
  });

  it('takes each event once, however often it is delivered', async () => {
    const application = await submitApplication(db.store());
    const worker = makeWorker({ store: db.store(), url, secrets: [secret], clock });
    await worker.runOnce();
    const [event] = await db.outbox().find(application.id);
    expect(event?.status).toBe('delivered');

    expect(await db.outbox().redeliver(event?.id ?? '', clock.now())).toBe('queued');
    await worker.runOnce();
    expect((await db.outbox().attempts(event?.id ?? '')).map((a) => a.statusCode)).toEqual([204, 204]);
    expect(handled).toEqual([{ webhookId: event?.webhookId, reference: application.reference }]);
  });

  it('refuses a delivery it cannot verify', async () => {
    const body = JSON.stringify({ type: 'application.submitted', timestamp: new Date().toISOString(), data: { reference: 'IRM-FAKE' } });
    const forged = createSigner([newSecret()])('msg_forged', new Date(), body);
    const res = await fetch(url, { method: 'POST', headers: { ...forged, 'content-type': 'application/json' }, body });
    expect(res.status).toBe(400);
    const unsigned = await fetch(url, { method: 'POST', body });
    expect(unsigned.status).toBe(400);
    expect(handled.map((h) => h.reference)).not.toContain('IRM-FAKE');
  });
});
