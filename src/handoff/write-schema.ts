import { writeFileSync } from 'node:fs';
import { applicationSubmittedJsonSchema } from './event-schema.ts';
import { APPLICATION_SUBMITTED_SCHEMA_FILE } from './schema-route.ts';

/**
 * Regenerates the published schema file from the zod definitions:
 *   npx tsx src/handoff/write-schema.ts
 * Only for compatible changes (new optional fields); see event-schema.ts.
 */
writeFileSync(APPLICATION_SUBMITTED_SCHEMA_FILE, `${JSON.stringify(applicationSubmittedJsonSchema(), null, 2)}\n`);
console.log(`wrote ${APPLICATION_SUBMITTED_SCHEMA_FILE.pathname}`);
