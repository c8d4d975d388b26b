import { randomUUID } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { AGENCY_RESPONSE_SUBMITTED_SCHEMA_PATH, agencyResponseSubmittedJsonSchema } from '../../src/handoff/agency-response-event-schema.ts';
import type { EvidenceMeta } from '../../src/handoff/evidence-catalogue.ts';
import { schemaRoutes } from '../../src/handoff/schema-route.ts';
import { buildAgencyResponseEvent } from '../../src/handoff/submitted-agency-response.ts';
import { agencyResponseDocumentSchema } from '../../src/journeys/agency-response/response-document.ts';
import type { AgencyResponse } from '../../src/store/agency-responses.ts';
import { publishedAgencySchema, validateAgencyEvent } from '../http/agency.ts';
import { PUBLIC_BASE_URL } from './fixtures.ts';

const fileId = randomUUID();
const response: AgencyResponse = {
  id: randomUUID(),
  notificationId: randomUUID(),
  applicationId: randomUUID(),
  reference: 'IRM-7K3Q-9P2D',
  route: 'adoption',
  draftId: randomUUID(),
  journeyId: 'agency-response',
  journeyVersion: '1',
  data: agencyResponseDocumentSchema.parse({
    schemaVersion: 1,
    journey: { id: 'agency-response', version: '1' },
    decision: { madeByAgency: true, decisionDate: '2026-11-10' },
    liaisonOfficer: { name: 'Pat Lee', role: 'Team manager', email: 'pat.lee@agency.example.org', phone: '0113 496 0000' },
    evidence: [{ id: fileId, role: 'agency-document', name: 'PAR.pdf', type: 'application/pdf', size: 48_213, sha256: 'b'.repeat(64), scan: 'clean' }],
    declaration: { accepted: true, language: 'en' },
  }),
  submittedAt: new Date('2026-11-30T15:00:00.000Z'),
};

const file: EvidenceMeta = {
  id: fileId,
  name: 'PAR.pdf',
  type: 'application/pdf',
  size: 48_213,
  sha256: 'b'.repeat(64),
  scanResult: 'clean',
  role: 'agency-document',
};

interface LooseEvent {
  type: unknown;
  data: Record<string, unknown> & { evidence: Array<Record<string, unknown>>; liaisonOfficer: Record<string, unknown> };
}
const eventJson = (): LooseEvent => JSON.parse(JSON.stringify(buildAgencyResponseEvent(response, [file], PUBLIC_BASE_URL))) as LooseEvent;

describe('the agency_response.submitted v1 schema', () => {
  it('is the schema generated from the event definition (regenerate with: npx tsx src/handoff/write-schema.ts, for compatible changes only)', () => {
    expect(publishedAgencySchema).toEqual(agencyResponseSubmittedJsonSchema());
    expect(publishedAgencySchema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema' });
  });

  it('accepts an event the service builds: the case’s ids, the liaison officer, and the documents’ metadata and download links', () => {
    const event = eventJson();
    expect(validateAgencyEvent(event), JSON.stringify(validateAgencyEvent.errors)).toBe(true);
    expect(event).toMatchObject({
      type: 'agency_response.submitted',
      timestamp: '2026-11-30T15:00:00.000Z',
      data: {
        responseId: response.id,
        notificationId: response.notificationId,
        applicationId: response.applicationId,
        reference: 'IRM-7K3Q-9P2D',
        route: 'adoption',
        submittedAt: '2026-11-30T15:00:00.000Z',
        evidence: [
          {
            id: fileId,
            role: 'agency-document',
            url: `${PUBLIC_BASE_URL}/api/v1/applications/${response.applicationId}/agency-responses/${response.id}/evidence/${fileId}`,
          },
        ],
      },
    });
  });

  it.each([
    ['of another type', (e: LooseEvent) => (e.type = 'application.submitted')],
    ['without the application’s reference', (e: LooseEvent) => delete e.data.reference],
    ['without a liaison officer’s email', (e: LooseEvent) => delete e.data.liaisonOfficer.email],
    ['without documents', (e: LooseEvent) => (e.data.evidence = [])],
    ['with a document that has no download link', (e: LooseEvent) => delete e.data.evidence[0]?.url],
    ['for an unknown route', (e: LooseEvent) => (e.data.route = 'complaint')],
  ])('rejects an event %s', (_name, spoil) => {
    const event = eventJson();
    spoil(event);
    expect(validateAgencyEvent(event)).toBe(false);
  });

  it('lets v1 gain optional fields without breaking consumers that validate', () => {
    const event = eventJson();
    event.data.somethingNew = 'added later';
    expect(validateAgencyEvent(event)).toBe(true);
  });

  it('is published at a stable address, to anyone', async () => {
    const res = await request(express().use(schemaRoutes())).get(AGENCY_RESPONSE_SUBMITTED_SCHEMA_PATH);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/schema+json; charset=utf-8');
    expect(JSON.parse(res.text)).toEqual(publishedAgencySchema);
  });
});
