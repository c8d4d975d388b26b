import { readFileSync } from 'node:fs';
import express, { type Router } from 'express';
import { APPLICATION_SUBMITTED_SCHEMA_PATH } from './event-schema.ts';

export const APPLICATION_SUBMITTED_SCHEMA_FILE = new URL('./schemas/application-submitted.v1.json', import.meta.url);

/** The published JSON Schema of the webhook event: public, and the same for everyone. */
export function schemaRoutes(): Router {
  const schema = readFileSync(APPLICATION_SUBMITTED_SCHEMA_FILE);
  const router = express.Router();
  router.get(APPLICATION_SUBMITTED_SCHEMA_PATH, (_req, res) => {
    res.set({ 'Content-Type': 'application/schema+json; charset=utf-8', 'Cache-Control': 'public, max-age=3600' });
    res.send(schema);
  });
  return router;
}
