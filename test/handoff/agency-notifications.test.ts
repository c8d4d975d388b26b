import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventPayloads } from '../../src/handoff/event-payloads.ts';
import { agencyResponseEvidence, evidenceCatalogue } from '../../src/handoff/stored-evidence.ts';
import { OpsUsageError, runOps } from '../../src/handoff/ops.ts';
import { DeliveryWorker } from '../../src/handoff/delivery-worker.ts';
import { createOutbox } from '../../src/store/outbox.ts';
import { sampleFile } from '../support/sample-files.ts';
import { Applicant } from '../http/harness.ts';
import { TestClock, verifyAt } from './clock.ts';
import { Receiver } from './receiver.ts';
import { hashLinkToken } from '../../src/store/link-tokens.ts';
import {
  agencyAnswers,
  agencyLink,
  answerAgencyPages,
  apiGet,
  documentFor,
  notifyByApi,
  openLink,
  PUBLIC_BASE_URL,
  sendResponse,
  startAgencyService,
  validateAgencyEvent,
  type AgencyTestService,
} from '../http/agency.ts';
import { FIXED_NOW } from '../http/harness.ts';
import { expectValidEvent } from './event-schema.ts';
import { newSecret, SILENT, submitApplication } from './fixtures.ts';

/**
 * POST /api/v1/applications/{id}/agency-notifications: the caseworker
 * system tells the agency, at an address it has checked. The notification
 * shows in the application, in the consumer API and in the webhook event.
 */
describe('agency notifications through the consumer API', () => {
  let service: AgencyTestService;
  let applicationId: string;
  beforeAll(async () => {
    service = await startAgencyService();
    applicationId = (await submitApplication(service.store, documentFor('fostering'))).id;
  });
  afterAll(async () => {
    await service.close();
  });

  it('answers 202 with the notification’s id and due date, and sends the email with its own link', async () => {
    const res = await notifyByApi(service, applicationId, { email: 'fostering@leeds.example.gov.uk', name: 'Fostering team' });
    expect(res.status).toBe(202);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      email: 'fostering@leeds.example.gov.uk',
      source: 'caseworker',
      sentAt: FIXED_NOW.toISOString(),
      dueDate: '2026-12-04',
    });
    const { id } = res.body as { id: string };
    const { token } = await agencyLink(service, 'fostering@leeds.example.gov.uk');
    const [link] = await service.store.linkTokens.listForSubject('agency-response', id);
    expect(link).toMatchObject({ purpose: 'agency-response', subjectId: id, expiresAt: new Date('2026-12-15T00:00:00Z') });
    const [stored] = await service.store.db.query<{ token_hash: string }>('SELECT token_hash FROM link_tokens WHERE id = $1', [link?.id]);
    expect(stored?.token_hash).toBe(hashLinkToken(token));
  });

  it('sends again to another address when called again: a second notification, with a link of its own', async () => {
    const first = await notifyByApi(service, applicationId, { email: 'first@agency.example.org' });
    const second = await notifyByApi(service, applicationId, { email: 'second@agency.example.org' });
    expect([first.status, second.status]).toEqual([202, 202]);
    const ids = [(first.body as { id: string }).id, (second.body as { id: string }).id];
    expect(ids[0]).not.toBe(ids[1]);
    const links = [await agencyLink(service, 'first@agency.example.org'), await agencyLink(service, 'second@agency.example.org')];
    expect(links[0]?.token).not.toBe(links[1]?.token);
    for (const [index, id] of ids.entries()) {
      expect((await service.store.agencyResponses.findByLink(links[index]?.token, FIXED_NOW))?.notificationId).toBe(id);
    }
  });

  it.each([
    ['no body', undefined, 'the body must be JSON (Content-Type: application/json)'],
    ['no email', { name: 'Fostering team' }, 'invalid request'],
    ['an email that is not one', { email: 'not an email' }, 'invalid request'],
    ['an email that is not a string', { email: ['a@example.org'] }, 'invalid request'],
    ['a field the API does not take', { email: 'a@example.org', applicantEmail: 'sam@example.com' }, 'invalid request'],
    ['an empty name', { email: 'a@example.org', name: ' ' }, 'invalid request'],
    ['a name too long', { email: 'a@example.org', name: 'x'.repeat(201) }, 'invalid request'],
    ['a name with control characters', { email: 'a@example.org', name: 'Team\u0007' }, 'invalid request'],
  ])('refuses %s with a JSON 400', async (_name, body, error) => {
    const before = await service.store.agencyNotifications.listForApplication(applicationId);
    const res = await notifyByApi(service, applicationId, body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error });
    expect(await service.store.agencyNotifications.listForApplication(applicationId)).toEqual(before);
  });

  it('refuses a body that is not JSON, or not even valid JSON, with a JSON 400', async () => {
    const path = `/api/v1/applications/${applicationId}/agency-notifications`;
    const form = await request(service.app).post(path).set('Authorization', `Bearer ${service.apiKey}`).type('form').send('email=a@example.org');
    expect(form.status).toBe(400);
    expect(form.body).toEqual({ error: 'the body must be JSON (Content-Type: application/json)' });
    const broken = await request(service.app).post(path).set('Authorization', `Bearer ${service.apiKey}`).type('json').send('{"email": ');
    expect(broken.status).toBe(400);
    expect(broken.body).toEqual({ error: 'the body is not valid JSON' });
  });

  it('refuses a request without the key, or with a wrong one, with a bare 401, and sends nothing', async () => {
    const before = await service.store.agencyNotifications.listForApplication(applicationId);
    const path = `/api/v1/applications/${applicationId}/agency-notifications`;
    for (const auth of [undefined, 'Bearer irm_wrong', `Basic ${service.apiKey}`]) {
      const req = request(service.app).post(path).send({ email: 'a@example.org' });
      const res = await (auth ? req.set('Authorization', auth) : req);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'unauthorized' });
    }
    expect(await service.store.agencyNotifications.listForApplication(applicationId)).toEqual(before);
  });

  it.each([
    ['an unknown application', () => randomUUID()],
    ['an id that is not an id', () => 'not-a-uuid'],
  ])('answers 404 for %s', async (_name, id) => {
    const res = await notifyByApi(service, id(), { email: 'a@example.org' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'not found' });
  });

  it('lists every notification in the application, in the API and in the webhook event, which match the published schema', async () => {
    const application = await submitApplication(service.store, documentFor('adoption'));
    const none = await apiGet(service, `/api/v1/applications/${application.id}`);
    expect(none.body).toMatchObject({ agencyNotifications: [], agencyResponses: [] });

    const sent = await notifyByApi(service, application.id, { email: 'adoption@agency.example.org', name: 'Adoption team' });
    const api = await apiGet(service, `/api/v1/applications/${application.id}`);
    expect(api.status).toBe(200);
    expect((api.body as { agencyNotifications: unknown }).agencyNotifications).toEqual([
      {
        id: (sent.body as { id: string }).id,
        email: 'adoption@agency.example.org',
        name: 'Adoption team',
        source: 'caseworker',
        sentAt: FIXED_NOW.toISOString(),
        dueDate: '2026-12-04',
      },
    ]);

    const payloads = createEventPayloads({
      applications: service.store.applications,
      evidence: evidenceCatalogue({ applications: service.store.applications, files: service.evidence.files }),
      publicBaseUrl: PUBLIC_BASE_URL,
      agency: {
        notifications: service.store.agencyNotifications,
        responses: service.store.agencyResponses,
        evidence: agencyResponseEvidence({ files: service.evidence.files }),
      },
    });
    const body = await payloads.body({ type: 'application.submitted', applicationId: application.id });
    expectValidEvent(body);
    expect((JSON.parse(body) as { data: unknown }).data).toEqual(api.body);
  });

  it('delivers the agency’s response to the caseworker system as a signed agency_response.submitted event', async () => {
    const receiver = await new Receiver().start();
    try {
      const application = await submitApplication(service.store, documentFor('fostering'));
      await notifyByApi(service, application.id, { email: 'deliver@agency.example.org' });
      const link = await agencyLink(service, 'deliver@agency.example.org');
      const agency = new Applicant(service.app);
      await openLink(agency, link.path);
      await answerAgencyPages(agency, agencyAnswers, async (path, field, name) => (await agency.upload(path, field, sampleFile(name))).status);
      expect((await sendResponse(agency)).status).toBe(303);

      const secret = newSecret();
      const clock = new TestClock(FIXED_NOW);
      const worker = new DeliveryWorker({
        outbox: createOutbox(service.store.db),
        payloads: createEventPayloads({
          applications: service.store.applications,
          evidence: evidenceCatalogue({ applications: service.store.applications, files: service.evidence.files }),
          publicBaseUrl: PUBLIC_BASE_URL,
          agency: {
            notifications: service.store.agencyNotifications,
            responses: service.store.agencyResponses,
            evidence: agencyResponseEvidence({ files: service.evidence.files }),
          },
        }),
        endpoint: { url: receiver.url, secrets: [secret] },
        logger: SILENT,
        now: clock.now,
      });
      while ((await worker.runOnce()) > 0);
      const events = receiver.received.map(
        (delivery) => verifyAt(clock.now(), secret, delivery.body, delivery.headers) as { type: string; data: { applicationId: string } },
      );
      const response = events.find((event) => event.type === 'agency_response.submitted' && event.data.applicationId === application.id);
      expect(validateAgencyEvent(response), JSON.stringify(validateAgencyEvent.errors)).toBe(true);
      for (const delivery of receiver.received.filter((d) => d.body.includes('"application.submitted"'))) expectValidEvent(delivery.body);
    } finally {
      await receiver.stop();
    }
  });

  describe('npm run ops -- agency-links', () => {
    const ops = async (...argv: string[]) => {
      const lines: string[] = [];
      const code = await runOps(argv, {
        endpointUrl: undefined,
        now: () => FIXED_NOW,
        out: (line) => lines.push(line),
        openOutbox: () => Promise.reject(new Error('not needed')),
        openAgencyLinks: async () => ({
          links: {
            notification: (id) => service.store.agencyNotifications.get(id),
            links: (id) => service.store.linkTokens.listForSubject('agency-response', id),
            revoke: (id, at) => service.store.linkTokens.revokeForSubject(service.store.db, 'agency-response', id, at),
          },
          close: async () => undefined,
        }),
      });
      return { code, text: lines.join('\n') };
    };

    it('shows a notification and its link’s state, never its address; revokes the link once', async () => {
      const sent = await notifyByApi(service, applicationId, { email: 'ops@agency.example.org' });
      const { id } = sent.body as { id: string };
      const shown = await ops('agency-links', 'show', id);
      expect(shown.code).toBe(0);
      expect(shown.text).toContain(`agency notification ${id}`);
      expect(shown.text).toContain(`application:  ${applicationId}`);
      expect(shown.text).toContain('due:          2026-12-04');
      expect(shown.text).toMatch(/link [0-9a-f-]{36}: works until 2026-12-15T00:00:00.000Z/);
      expect(shown.text).not.toContain('ops@agency.example.org');

      expect((await ops('agency-links', 'revoke', id)).text).toContain(`Revoked the link of notification ${id}`);
      expect((await ops('agency-links', 'revoke', id)).text).toContain('has no link that still works');
      expect((await ops('agency-links', 'show', id)).text).toMatch(/link [0-9a-f-]{36}: revoked at 2026-11-22T12:00:00.000Z/);
    });

    it('says so for an unknown notification, and explains its usage', async () => {
      expect(await ops('agency-links', 'revoke', randomUUID())).toEqual({ code: 1, text: 'No such agency notification.' });
      await expect(ops('agency-links', 'revoke')).rejects.toThrow(OpsUsageError);
      await expect(ops('agency-links', 'delete', randomUUID())).rejects.toThrow(OpsUsageError);
    });
  });
});
