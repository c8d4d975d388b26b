import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Unit tests: pure, needing no server, database, clamd, qpdf or browser.
 * `npm run test:unit` runs only these; `npm test` runs every project. Tests
 * mirror the code (`test/engine/fields/date.test.ts` tests
 * `src/engine/fields/date.ts`), so a folder can hold both kinds: list the
 * pure ones here.
 */
const UNIT_TESTS = [
  'test/engine/**/*.test.ts',
  'test/rules/**/*.test.ts',
  'test/dates/**/*.test.ts',
  'test/evidence/file-name.test.ts',
  'test/evidence/inspect-file.test.ts',
  'test/evidence/accept-file.test.ts',
  'test/evidence/stale-uploads.test.ts',
  'test/save-and-return/email-address.test.ts',
  'test/save-and-return/paths.test.ts',
  'test/fuzz/submissions.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time: on a 2-core machine vitest's default is one, yet most of a
    // browser or HTTP test's time is spent waiting on Chromium, PostgreSQL or clamd.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT_TESTS } },
      // Everything else: HTTP, store, hand-off, browser, clamd and qpdf tests.
      { extends: true, test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...UNIT_TESTS] } },
    ],
  },
});
