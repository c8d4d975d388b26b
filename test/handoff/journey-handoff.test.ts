import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceCatalogue } from '../../src/handoff/stored-evidence.ts';
import type { EvidenceCatalogue } from '../../src/handoff/evidence-catalogue.ts';
import type { AppStore } from '../../src/store/index.ts';
import { createEvidenceFileRepository } from '../../src/store/evidence-files.ts';
import { generateApiKey } from '../../src/handoff/api-keys.ts';
import { handoffRouters, outboxOnSubmitted } from '../../src/handoff/index.ts';
import { createOutbox } from '../../src/store/outbox.ts';
import { Applicant, csrfTokenIn, FIXED_NOW, startService, type TestService } from '../http/harness.ts';
import { fosteringOnTime } from '../http/answers.ts';
import { closeStarted, testConfig } from '../support/app.ts';
import { TestClock, verifyAt } from './clock.ts';
import { expectValidEvent } from './event-schema.ts';
import { makeWorker, newSecret, PUBLIC_BASE_URL, SILENT } from './fixtures.ts';
import { Receiver } from './receiver.ts';

/**
 * From a person pressing "Accept and send" to the caseworker system holding
 * the application: the outbox row, the signed webhook, and the consumer API
 * giving back the same document.
 */
describe('hand-off of an application submitted through the journey', () => {
  const receiver = new Receiver();
  const secret = newSecret();
  const apiKey = generateApiKey();
  const clock = new TestClock(FIXED_NOW);
  let service: TestService;
  // The evidence store's own catalogue, as src/server.ts wires it.
  const catalogueOf = (store: AppStore): EvidenceCatalogue =>
    evidenceCatalogue({ applications: store.applications, files: createEvidenceFileRepository(store.db) });

  beforeAll(async () => {
    await receiver.start();
    const config = testConfig({ PUBLIC_BASE_URL, API_KEY_HASHES: apiKey.hash });
    service = await startService({
      onSubmitted: outboxOnSubmitted({ now: clock.now }),
      apiRouters: (store) => handoffRouters({ config, store, logger: SILENT, evidence: catalogueOf(store) }),
    });
  });
  afterAll(async () => {
    await closeStarted(service);
    await receiver.stop();
  });

  it('sends the submitted application once, signed and matching the published schema, and the API returns the same document', async () => {
    const person = new Applicant(service.app);
    await person.answerAll(fosteringOnTime);
    const token = csrfTokenIn((await person.get('/apply/check-answers')).text);
    expect((await person.post('/apply/check-answers', {}, token)).headers.location).toBe('/apply/confirmation');
    // Pressing the button again (the back button, a double click) sends nothing more.
    expect((await person.post('/apply/check-answers', {}, token)).headers.location).toBe('/apply/confirmation');

    const outbox = createOutbox(service.store.db);
    expect(await outbox.counts()).toEqual({ pending: 1, delivered: 0, failed: 0 });
    await makeWorker({ store: service.store, url: receiver.url, secrets: [secret], clock, evidence: catalogueOf(service.store) }).runOnce();

    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    if (!delivery) throw new Error('nothing delivered');
    expectValidEvent(delivery.body);
    const event = verifyAt(clock.now(), secret, delivery.body, delivery.headers) as {
      type: string;
      data: Record<string, unknown> & { evidence: Array<{ url: string; sha256: string; size: number; role?: string }> };
    };
    expect(event.type).toBe('application.submitted');
    expect(event.data).toMatchObject({
      route: 'fostering',
      applicant: { fullName: 'Sam Jones', email: 'sam@example.com' },
      agency: { name: 'Leeds City Council' },
      timeLimit: { letterDate: '2026-11-10', late: false },
    });
    // No consent question: the agency always gets a copy (IRM Regulations 2009 reg 18(a)).
    expect(event.data).not.toHaveProperty('consentToShareWithAgency');

    const api = await person.agent.get(`/api/v1/applications/${String(event.data.applicationId)}`).set('Authorization', `Bearer ${apiKey.key}`);
    expect(api.status).toBe(200);
    expect(api.body).toEqual(event.data);

    // The decision letter the person uploaded: described in the event, downloaded from the API.
    const [letter] = event.data.evidence;
    expect(letter).toMatchObject({ role: 'decision-letter', type: 'application/pdf' });
    const url = new URL(letter?.url ?? '');
    expect(url.origin).toBe(PUBLIC_BASE_URL);
    const file = await person.agent
      .get(url.pathname)
      .set('Authorization', `Bearer ${apiKey.key}`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment;/);
    expect((file.body as Buffer).length).toBe(letter?.size);
    expect(
      createHash('sha256')
        .update(file.body as Buffer)
        .digest('hex'),
    ).toBe(letter?.sha256);
    expect(await outbox.counts()).toEqual({ pending: 0, delivered: 1, failed: 0 });
  });
});
