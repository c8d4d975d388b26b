import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsumer, type PortalEvent } from '../../examples/webhook-consumer.ts';
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
  const handled: Array<{ webhookId: string; reference: string; about?: string }> = [];
  const consumer = createConsumer({
    secret,
    onEvent: (event: PortalEvent, webhookId) => {
      if (event.type === 'agency_response.submitted') handled.push({ webhookId, reference: event.data.reference, about: event.data.responseId });
      else handled.push({ webhookId, reference: event.data.reference });
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

  it("tells an agency's response from an application by its type", async () => {
    const body = JSON.stringify({
      type: 'agency_response.submitted',
      timestamp: new Date().toISOString(),
      data: { responseId: 'resp_1', notificationId: 'note_1', applicationId: 'app_1', reference: 'IRM-RESPONSE', evidence: [] },
    });
    const signed = createSigner([secret])('msg_agency_response', new Date(), body);
    const res = await fetch(url, { method: 'POST', headers: { ...signed, 'content-type': 'application/json' }, body });
    expect(res.status).toBe(204);
    expect(handled).toContainEqual({ webhookId: 'msg_agency_response', reference: 'IRM-RESPONSE', about: 'resp_1' });
  });
});
