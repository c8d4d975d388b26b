import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleFile } from '../support/sample-files.ts';
import {
  agencyAnswers,
  agencyLink,
  answerAgencyPages,
  notifyByApi,
  openLink,
  sendResponse,
  startAgencyService,
  submittedApplication,
  type AgencyTestService,
} from './agency.ts';
import { Applicant } from './harness.ts';

/** Everything the service logs, at every level, while an agency's link is sent, opened, used and used up: never the token. */
describe('the agency’s link in the logs', () => {
  const lines: string[] = [];
  let service: AgencyTestService;
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    service = await startAgencyService({ logger: pino({ level: 'trace' }, stream) });
  });
  afterAll(async () => {
    await service.close();
  });

  it('is never written, in any line, from sending the email to the link no longer working', async () => {
    const application = await submittedApplication(service.store, 'fostering');
    expect((await notifyByApi(service, application.id, { email: 'logs@agency.example.org' })).status).toBe(202);
    const { path, token } = await agencyLink(service, 'logs@agency.example.org');

    const agency = new Applicant(service.app);
    expect((await openLink(agency, path)).status).toBe(303);
    await answerAgencyPages(agency, agencyAnswers, async (page, field, name) => (await agency.upload(page, field, sampleFile(name))).status);
    expect((await sendResponse(agency)).status).toBe(303);
    // After: a dead link, the link with a query string, and a tampered one.
    await new Applicant(service.app).get(path);
    await new Applicant(service.app).get(`${path}?token=${token}`);
    await new Applicant(service.app).get(`/respond/${token.slice(1)}`);

    const logged = lines.join('');
    // The log did see the link being used (so this test looks in the right place)...
    expect(logged).toContain('"path":"/respond/[token]"');
    expect(logged).toContain('"path":"/agency-response/check-answers"');
    // ...and never its token, nor most of it.
    expect(logged).not.toContain(token);
    expect(logged).not.toContain(token.slice(0, 20));
    expect(logged).not.toContain(token.slice(-20));
  });
});
