import { describe, expect, it } from 'vitest';
import { runSustainedLoad, trend } from '../../bench/sustained-load.ts';
import { testClamd } from '../support/clamd.ts';

/**
 * The sustained-load proof, short enough for every run: people doing whole
 * applications at once against the real server process for a few seconds,
 * with every response checked and every confirmation email accounted for.
 * `npm run bench:sustained` runs the 2-minute, 50-person version and reports
 * the memory trend (figures in the README).
 */

describe('trend', () => {
  it('is the least-squares slope', () => {
    expect(
      trend([
        [0, 1],
        [1, 3],
        [2, 5],
      ]),
    ).toBeCloseTo(2);
    expect(
      trend([
        [0, 4],
        [1, 4],
        [2, 4],
      ]),
    ).toBe(0);
    expect(trend([[0, 1]])).toBe(0);
  });
});

/** The test clamd is on TCP (scripts/test.sh starts it so). */
function clamdOnTcp(): { host: string; port: number } {
  const { address } = testClamd();
  if (!('host' in address)) throw new Error('the test clamd is expected on TCP (CLAMD_HOST)');
  return { host: address.host, port: address.port };
}

describe('sustained load on the real server', () => {
  it('ten people sending whole applications at once: no error, every application confirmed and emailed', { timeout: 120_000 }, async () => {
    const result = await runSustainedLoad({ users: 10, seconds: 8, engine: 'pglite', clamd: clamdOnTcp() });
    expect(result.errors).toEqual([]);
    expect(result.emailsMissing).toBe(0);
    expect(result.applications).toBeGreaterThanOrEqual(10);
  });
});
