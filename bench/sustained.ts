import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startClamd, type RunningClamd } from './clamd-process.ts';
import { runSustainedLoad, type SustainedLoadResult } from './sustained-load.ts';

/**
 * `npm run bench:sustained`: 50 people doing whole applications at once for
 * 2 minutes, on PGlite and then on PostgreSQL (bench/sustained-load.ts says
 * what each does and what is checked). Prints a markdown table for the
 * README; exits non-zero on any error, any lost email, or memory still
 * growing over the second half of the run.
 *
 *   npm run bench:sustained -- --users 50 --seconds 120 --db pglite,postgres
 *
 * PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (default the local
 * test database); clamd: CLAMD_HOST/CLAMD_PORT if set, else one started here.
 */

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '120' },
    db: { type: 'string', default: 'pglite,postgres' },
  },
});
const users = Number(args.users);
const seconds = Number(args.seconds);
const engines = args.db.split(',');
const isEngine = (name: string): name is 'pglite' | 'postgres' => name === 'pglite' || name === 'postgres';
if (!(Number.isInteger(users) && users > 0 && users <= 200) || !(seconds > 0 && seconds <= 3600) || !engines.every(isEngine)) {
  console.error('usage: npm run bench:sustained -- [--users 50] [--seconds 120] [--db pglite,postgres]');
  process.exit(2);
}
const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Memory still growing by more than this over the second half of a run counts as a leak. */
const GROWTH_LIMIT_MB_PER_MINUTE = 5;

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'irm-bench-sustained-clamd-'));
  let clamd: RunningClamd | undefined;
  const results: SustainedLoadResult[] = [];
  try {
    const given = process.env.CLAMD_HOST;
    if (!given) clamd = await startClamd(work);
    const scanner = given ? { host: given, port: Number(process.env.CLAMD_PORT ?? '3310') } : clamd;
    if (!scanner) throw new Error('no clamd');
    console.log(
      `Node ${process.version}, ${os.cpus().length} cores, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} at the start.`,
    );
    for (const engine of engines.filter(isEngine)) {
      results.push(await runSustainedLoad({ users, seconds, engine, postgresUrl, clamd: scanner, log: (line) => console.log(line) }));
    }
  } finally {
    await clamd?.stop();
    await rm(work, { recursive: true, force: true });
  }

  console.log('');
  console.log('| database | users | time | applications sent | requests/s | p50 / p99 ms | errors | RSS start → end (max) | RSS trend, 2nd half |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    console.log(
      `| ${r.engine} | ${r.users} | ${r.seconds.toFixed(0)} s | ${r.applications} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50.toFixed(0)} / ${r.p99.toFixed(0)} | ${r.errorCount} | ${r.rssStartMb.toFixed(0)} → ${r.rssEndMb.toFixed(0)} MB (${r.rssMaxMb.toFixed(0)}) | ${r.rssTrendMbPerMinute >= 0 ? '+' : ''}${r.rssTrendMbPerMinute.toFixed(1)} MB/min |`,
    );
  }
  for (const r of results) for (const e of r.errors) console.log(`${r.engine}: ${e.count} × ${e.message}`);
  if (results.some((r) => r.errorCount > 0 || r.rssTrendMbPerMinute > GROWTH_LIMIT_MB_PER_MINUTE)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
