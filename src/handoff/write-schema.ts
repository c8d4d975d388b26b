import { writeFileSync } from 'node:fs';
import { agencyResponseSubmittedJsonSchema } from './agency-response-event-schema.ts';
import { applicationSubmittedJsonSchema } from './event-schema.ts';
import { AGENCY_RESPONSE_SUBMITTED_SCHEMA_FILE, APPLICATION_SUBMITTED_SCHEMA_FILE } from './schema-route.ts';

/**
 * Regenerates the published schema files from the zod definitions:
 *   npx tsx src/handoff/write-schema.ts
 * Only for compatible changes (new optional fields); see event-schema.ts.
 */
for (const [file, schema] of [
  [APPLICATION_SUBMITTED_SCHEMA_FILE, applicationSubmittedJsonSchema()],
  [AGENCY_RESPONSE_SUBMITTED_SCHEMA_FILE, agencyResponseSubmittedJsonSchema()],
] as const) {
  writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${file.pathname}`);
}
