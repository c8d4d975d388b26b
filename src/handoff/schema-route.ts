import { readFileSync } from 'node:fs';
import express, { type Router } from 'express';
import { AGENCY_RESPONSE_SUBMITTED_SCHEMA_PATH } from './agency-response-event-schema.ts';
import { APPLICATION_SUBMITTED_SCHEMA_PATH } from './event-schema.ts';

export const APPLICATION_SUBMITTED_SCHEMA_FILE = new URL('./schemas/application-submitted.v1.json', import.meta.url);
export const AGENCY_RESPONSE_SUBMITTED_SCHEMA_FILE = new URL('./schemas/agency-response-submitted.v1.json', import.meta.url);

/** The published JSON Schemas of the webhook events: public, and the same for everyone. */
export function schemaRoutes(): Router {
  const router = express.Router();
  for (const [path, file] of [
    [APPLICATION_SUBMITTED_SCHEMA_PATH, APPLICATION_SUBMITTED_SCHEMA_FILE],
    [AGENCY_RESPONSE_SUBMITTED_SCHEMA_PATH, AGENCY_RESPONSE_SUBMITTED_SCHEMA_FILE],
  ] as const) {
    const schema = readFileSync(file);
    router.get(path, (_req, res) => {
      res.set({ 'Content-Type': 'application/schema+json; charset=utf-8', 'Cache-Control': 'public, max-age=3600' });
      res.send(schema);
    });
  }
  return router;
}
