import { randomUUID } from 'node:crypto';
import request from 'supertest';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { applicationSubmittedJsonSchema, APPLICATION_SUBMITTED_SCHEMA_PATH } from '../../src/handoff/event-schema.ts';
import type { EvidenceMeta } from '../../src/handoff/evidence-catalogue.ts';
import { schemaRoutes } from '../../src/handoff/schema-route.ts';
import { buildSubmittedEvent } from '../../src/handoff/submitted-application.ts';
import type { Application } from '../../src/store/applications.ts';
import { publishedSchema, validateEvent } from './event-schema.ts';
import { PUBLIC_BASE_URL, sampleDocument } from './fixtures.ts';

const application: Application = {
  id: randomUUID(),
  reference: 'IRM-7K3Q-9P2D',
  draftId: randomUUID(),
  journeyId: 'irm',
  journeyVersion: '1',
  route: 'fostering',
  late: false,
  data: sampleDocument(),
  submittedAt: new Date('2026-11-22T12:00:00.123Z'),
};

const letter: EvidenceMeta = {
  id: randomUUID(),
  name: 'Decision letter.pdf',
  type: 'application/pdf',
  size: 48_213,
  sha256: 'a'.repeat(64),
  scanResult: 'clean',
  scannedAt: new Date('2026-11-20T09:30:00Z'),
  role: 'decision-letter',
};

/** The event as JSON, loosely typed so a test can spoil any part of it. */
interface LooseEvent {
  type: unknown;
  timestamp: unknown;
  data: Record<string, unknown> & { timeLimit: Record<string, unknown>; evidence: Array<Record<string, unknown>> };
}

const eventJson = (evidence: EvidenceMeta[] = [letter]): LooseEvent =>
  JSON.parse(JSON.stringify(buildSubmittedEvent(application, evidence, PUBLIC_BASE_URL))) as LooseEvent;

const firstFile = (event: LooseEvent): Record<string, unknown> => {
  const [file] = event.data.evidence;
  if (!file) throw new Error('the event has no evidence');
  return file;
};

describe('the application.submitted v1 schema', () => {
  it('is the schema generated from the event definition (regenerate with: npx tsx src/handoff/write-schema.ts, for compatible changes only)', () => {
    expect(publishedSchema).toEqual(applicationSubmittedJsonSchema());
    expect(publishedSchema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema' });
  });

  it('accepts an event the service builds, with its evidence metadata and download links', () => {
    const event = eventJson();
    expect(validateEvent(event), JSON.stringify(validateEvent.errors)).toBe(true);
    expect(event).toMatchObject({
      type: 'application.submitted',
      timestamp: '2026-11-22T12:00:00.123Z',
      data: {
        applicationId: application.id,
        reference: 'IRM-7K3Q-9P2D',
        submittedAt: '2026-11-22T12:00:00.123Z',
        route: 'fostering',
        timeLimit: { letterDate: '2026-11-10', lastDay: '2026-12-08', late: false },
        evidence: [
          {
            id: letter.id,
            name: 'Decision letter.pdf',
            type: 'application/pdf',
            size: 48_213,
            sha256: 'a'.repeat(64),
            scanResult: 'clean',
            scannedAt: '2026-11-20T09:30:00.000Z',
            role: 'decision-letter',
            url: `${PUBLIC_BASE_URL}/api/v1/applications/${application.id}/evidence/${letter.id}`,
          },
        ],
      },
    });
    expect(JSON.stringify(event)).not.toMatch(/"bytes"|base64/);
  });

  it.each([
    ['without a reference', (e: LooseEvent) => delete e.data.reference],
    ['of another type', (e: LooseEvent) => (e.type = 'application.updated')],
    ['with a timestamp that is not RFC 3339', (e: LooseEvent) => (e.timestamp = '22/11/2026')],
    ['with an impossible letter date', (e: LooseEvent) => (e.data.timeLimit.letterDate = '2026-02-31')],
    ['with a file hash that is not SHA-256 hex', (e: LooseEvent) => (firstFile(e).sha256 = 'abc')],
    ['with a file that has no download link', (e: LooseEvent) => delete firstFile(e).url],
    ['with an unknown scan result', (e: LooseEvent) => (firstFile(e).scanResult = 'infected')],
    ['for an unknown route', (e: LooseEvent) => (e.data.route = 'complaint')],
  ])('rejects an event %s', (_name, spoil) => {
    const event = eventJson();
    spoil(event);
    expect(validateEvent(event)).toBe(false);
  });

  it('lets v1 gain optional fields without breaking consumers that validate', () => {
    const event = eventJson();
    event.data.somethingNew = 'added later';
    expect(validateEvent(event)).toBe(true);
  });

  it('is published at a stable address, to anyone', async () => {
    const app = express().use(schemaRoutes());
    const res = await request(app).get(APPLICATION_SUBMITTED_SCHEMA_PATH);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/schema+json; charset=utf-8');
    expect(JSON.parse(res.text)).toEqual(publishedSchema);
  });
});
