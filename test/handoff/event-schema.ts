import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import { APPLICATION_SUBMITTED_SCHEMA_FILE } from '../../src/handoff/schema-route.ts';

/** The published schema, as a consumer would load it, in a real JSON Schema (2020-12) validator. */
export const publishedSchema = JSON.parse(readFileSync(APPLICATION_SUBMITTED_SCHEMA_FILE, 'utf8')) as Record<string, unknown>;

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
export const validateEvent = ajv.compile(publishedSchema);

/** Fails the test, naming every problem, when a delivered body does not match the published schema. */
export function expectValidEvent(body: string): void {
  const valid = validateEvent(JSON.parse(body));
  expect(validateEvent.errors ?? [], 'the event matches the published schema').toEqual([]);
  expect(valid).toBe(true);
}
