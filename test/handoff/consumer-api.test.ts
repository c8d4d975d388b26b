import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/handoff/api-keys.ts';
import type { EvidenceCatalogue, EvidenceDownload, EvidenceMeta } from '../../src/handoff/evidence-catalogue.ts';
import { handoffRouters } from '../../src/handoff/index.ts';
import { APPLICATION_SUBMITTED_SCHEMA_PATH } from '../../src/handoff/event-schema.ts';
import { buildSubmittedApplication } from '../../src/handoff/submitted-application.ts';
import type { Application } from '../../src/store/applications.ts';
import { createApp } from '../../src/app.ts';
import { testConfig } from '../support/app.ts';
import { engines, useStore } from '../store/engines.ts';
import { PUBLIC_BASE_URL, SILENT, submitApplication } from './fixtures.ts';
import { publishedSchema } from './event-schema.ts';

/** Evidence for the tests: files kept in memory, each belonging to one application. */
class FakeEvidence implements EvidenceCatalogue {
  /** The files whose download was recorded, in order. */
  readonly downloads: string[] = [];
  readonly #files = new Map<string, Array<{ meta: EvidenceMeta; bytes: Buffer; streamed: boolean }>>();

  add(applicationId: string, name: string, type: string, bytes: Buffer, options: { streamed?: boolean } = {}): EvidenceMeta {
    const meta: EvidenceMeta = {
      id: randomUUID(),
      name,
      type,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      scanResult: 'clean',
      role: 'supporting',
    };
    this.#files.set(applicationId, [...(this.#files.get(applicationId) ?? []), { meta, bytes, streamed: options.streamed ?? false }]);
    return meta;
  }

  async listForApplication(applicationId: string): Promise<EvidenceMeta[]> {
    return (this.#files.get(applicationId) ?? []).map((f) => f.meta);
  }

  async open(applicationId: string, fileId: string): Promise<EvidenceDownload | undefined> {
    const file = this.#files.get(applicationId)?.find((f) => f.meta.id === fileId);
    if (!file) return undefined;
    const { name, type, size } = file.meta;
    const downloaded = async () => {
      this.downloads.push(fileId);
    };
    if (!file.streamed) return { name, type, size, bytes: file.bytes, downloaded };
    const pieces = [file.bytes.subarray(0, 3), file.bytes.subarray(3)];
    return {
      name,
      type,
      size,
      bytes: (async function* () {
        yield* pieces;
      })(),
      downloaded,
    };
  }
}

for (const engine of engines) {
  describe(`the consumer API (${engine.name})`, () => {
    const store = useStore(engine);
    const current = generateApiKey();
    const next = generateApiKey();
    const evidence = new FakeEvidence();
    const config = testConfig({ PUBLIC_BASE_URL, API_KEY_HASHES: `${current.hash},${next.hash}`, API_RATE_LIMIT_PER_MINUTE: '1000' });
    let app: ReturnType<typeof createApp>;
    let application: Application;
    let other: Application;
    let letter: EvidenceMeta;
    let notes: EvidenceMeta;
    const letterBytes = Buffer.from('%PDF-1.7 the decision letter');
    const notesBytes = Buffer.from('<script>alert(1)</script> notes of the meeting');

    beforeAll(async () => {
      app = createApp({ config, logger: SILENT, apiRouters: handoffRouters({ config, store: store(), evidence, logger: SILENT }) });
      application = await submitApplication(store());
      other = await submitApplication(store());
      letter = evidence.add(application.id, 'Decision letter (final).pdf', 'application/pdf', letterBytes);
      notes = evidence.add(application.id, 'notes.html', 'text/html', notesBytes, { streamed: true });
    });

    /** GET with a bearer key: the current one unless told otherwise (null: no Authorization header). */
    const get = (path: string, key: string | null = current.key) => {
      const req = request(app).get(path);
      return key === null ? req : req.set('Authorization', `Bearer ${key}`);
    };

    it('returns the submitted application, the same document the webhook carries', async () => {
      const res = await get(`/api/v1/applications/${application.id}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual(JSON.parse(JSON.stringify(buildSubmittedApplication(application, [letter, notes], PUBLIC_BASE_URL))));
      expect(res.body).toMatchObject({ reference: application.reference, applicationId: application.id });
    });

    it('accepts every listed key, so keys can be rotated', async () => {
      expect((await get(`/api/v1/applications/${application.id}`, next.key)).status).toBe(200);
    });

    it.each([
      ['no key', null],
      ['an unknown key', generateApiKey().key],
      ['a key hash instead of the key', current.hash],
      ['an empty key', ''],
    ])('refuses %s with a bare 401', async (_name, key) => {
      const res = await get(`/api/v1/applications/${application.id}`, key);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'unauthorized' });
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });

    it('refuses other authorization schemes, and says nothing about what exists', async () => {
      const basic = await request(app)
        .get(`/api/v1/applications/${application.id}`)
        .set('Authorization', `Basic ${Buffer.from(`x:${current.key}`).toString('base64')}`);
      expect(basic.status).toBe(401);
      const unknown = await get(`/api/v1/applications/${randomUUID()}`, null);
      expect(unknown.status).toBe(401);
      expect(unknown.body).toEqual({ error: 'unauthorized' });
    });

    it.each([
      ['an unknown application', () => `/api/v1/applications/${randomUUID()}`],
      ['an id that is not an id', () => '/api/v1/applications/not-a-uuid'],
      ['an unknown file', () => `/api/v1/applications/${application.id}/evidence/${randomUUID()}`],
      ["another application's file", () => `/api/v1/applications/${other.id}/evidence/${letter.id}`],
      ['a path the API does not have', () => '/api/v1/drafts'],
    ])('answers 404 for %s', async (_name, path) => {
      const res = await get(path());
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: 'not found' });
    });

    it('downloads a file as an attachment, never to be rendered, byte for byte', async () => {
      const res = await get(`/api/v1/applications/${application.id}/evidence/${letter.id}`)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toBe('attachment; filename="Decision letter (final).pdf"');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(Buffer.compare(res.body as Buffer, letterBytes)).toBe(0);
      expect(
        createHash('sha256')
          .update(res.body as Buffer)
          .digest('hex'),
      ).toBe(letter.sha256);
    });

    it('streams a file the store hands over piece by piece, at the URL the event gives for it', async () => {
      const { evidence } = (await get(`/api/v1/applications/${application.id}`)).body as { evidence: Array<{ id: string; url: string }> };
      const url = new URL(evidence.find((f) => f.id === notes.id)?.url ?? '');
      expect(url.origin).toBe(PUBLIC_BASE_URL);
      const res = await get(url.pathname)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toBe('attachment; filename=notes.html');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.compare(res.body as Buffer, notesBytes)).toBe(0);
    });

    it('records each file’s download once it has all gone out; reading the application records none', async () => {
      const before = evidence.downloads.length;
      await get(`/api/v1/applications/${application.id}`).expect(200);
      expect(evidence.downloads.length).toBe(before);
      await get(`/api/v1/applications/${application.id}/evidence/${notes.id}`).expect(200);
      await get(`/api/v1/applications/${other.id}/evidence/${notes.id}`).expect(404);
      await get(`/api/v1/applications/${application.id}/evidence/${notes.id}`, 'not-a-key').expect(401);
      expect(evidence.downloads.slice(before)).toEqual([notes.id]);
    });

    it('never starts a session or asks for a CSRF token', async () => {
      const res = await get(`/api/v1/applications/${application.id}`);
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('serves the published schema without a key', async () => {
      const res = await request(app).get(APPLICATION_SUBMITTED_SCHEMA_PATH);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toEqual(publishedSchema);
      expect(res.headers['set-cookie']).toBeUndefined();
    });
  });
}

describe('the consumer API rate limits', () => {
  const path = `/api/v1/applications/${randomUUID()}`;
  const applications = { getById: async () => undefined };
  const appWith = (config: ReturnType<typeof testConfig>, store: Parameters<typeof handoffRouters>[0]['store'] = { applications }) =>
    createApp({ config, logger: SILENT, apiRouters: handoffRouters({ config, store, logger: SILENT }) });
  const call = async (app: ReturnType<typeof createApp>, key: string) => (await request(app).get(path).set('Authorization', `Bearer ${key}`)).status;

  it('wrong keys use up their address’s budget, never the caseworker system’s', async () => {
    const { key, hash } = generateApiKey();
    const app = appWith(testConfig({ API_KEY_HASHES: hash, API_RATE_LIMIT_PER_MINUTE: '5', API_AUTH_FAILURES_PER_MINUTE: '2' }));
    const statuses = [];
    for (const presented of ['wrong', 'wrong', 'wrong', key, 'wrong', key]) statuses.push(await call(app, presented));
    expect(statuses).toEqual([401, 401, 429, 404, 429, 404]);
    const limited = await request(app).get(path).set('Authorization', 'Bearer wrong');
    expect(limited.body).toEqual({ error: 'too many requests' });
    expect(limited.headers['ratelimit-policy']).toBeDefined();
    // No key at all counts as a failure too.
    expect((await request(app).get(path)).status).toBe(429);
  });

  it('counts each key’s requests against that key', async () => {
    const first = generateApiKey();
    const second = generateApiKey();
    const app = appWith(testConfig({ API_KEY_HASHES: `${first.hash},${second.hash}`, API_RATE_LIMIT_PER_MINUTE: '3' }));
    const statuses = [];
    for (const presented of [first.key, first.key, first.key, first.key, second.key]) statuses.push(await call(app, presented));
    expect(statuses).toEqual([404, 404, 404, 429, 404]);
  });

  for (const engine of engines) {
    describe(`shared between instances on ${engine.name}`, () => {
      const store = useStore(engine);

      it('holds one budget however many instances answer', async () => {
        const { key, hash } = generateApiKey();
        const config = testConfig({ API_KEY_HASHES: hash, API_RATE_LIMIT_PER_MINUTE: '4', API_AUTH_FAILURES_PER_MINUTE: '2' });
        const shared = { applications, rateLimitHits: store().rateLimitHits };
        const [one, two] = [appWith(config, shared), appWith(config, shared)];
        const statuses = [];
        for (const app of [one, two, one, two, one, two]) statuses.push(await call(app, key));
        expect(statuses).toEqual([404, 404, 404, 404, 429, 429]);
        expect([await call(one, 'wrong'), await call(two, 'wrong'), await call(one, 'wrong')]).toEqual([401, 401, 429]);
      });
    });
  }
});
