import type { ClamdAddress } from '../../src/evidence/clamd.ts';

/**
 * The real clamd the tests scan with: scripts/test.sh (npm test) starts one on
 * 127.0.0.1 and exports CLAMD_HOST and CLAMD_PORT.
 */
export function testClamd(): { address: ClamdAddress; env: NodeJS.ProcessEnv } {
  const host = process.env.CLAMD_HOST;
  const port = Number(process.env.CLAMD_PORT ?? '3310');
  if (!host) {
    throw new Error('These tests scan with a real clamd: run them through `npm test` (scripts/test.sh starts one), or set CLAMD_HOST and CLAMD_PORT.');
  }
  return { address: { host, port }, env: { CLAMD_HOST: host, CLAMD_PORT: String(port) } };
}

/** The files in Debian's clamav-testfiles that are of a kind applicants may upload (the rest are refused by type first). */
export const CLAMAV_TESTFILES_DIR = '/usr/share/clamav-testfiles';
export const UPLOADABLE_TESTFILES = ['clam.pdf', 'clam.ole.doc'] as const;
