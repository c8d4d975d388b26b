import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { runLoad, type CheckedRequest, type LoadResult } from './load.ts';
import { prepareSessions, type PreparedSession } from './prepare-sessions.ts';
import { memoryOf } from './process-memory.ts';
import { formatProfileSummary, summariseProfile } from './profile-summary.ts';
import { errorReport, markdownTable, stepBreakdownTable, verdict, type Pair } from './report.ts';
import { ERROR_SUMMARY_MARKER, GOVUK_CEILING_PATH, NAME_FORM, NEXT_PAGE_MARKER, NEXT_PATH, POST_PATH, PROXY_HEADERS, formBody } from './scenario.ts';
import { startServer, type ServerProcess } from './server-process.ts';
import { NOTIFY_ENV } from '../test/support/notify-env.ts';

/**
 * `npm run bench`: a journey step of the real service against the ceiling of
 * a bare express app rendering the same page, at a few concurrencies, in one
 * run on 127.0.0.1. See bench/README.md.
 *
 *   npm run bench -- --seconds 10 --connections 1,10,50 --profile
 */

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    connections: { type: 'string', default: '1,10,50' },
    warmup: { type: 'string', default: '2' },
    profile: { type: 'boolean', default: false },
  },
});

const seconds = Number(args.seconds);
const warmupSeconds = Number(args.warmup);
const concurrencies = args.connections.split(',').map(Number);
if (!(seconds > 0) || !(warmupSeconds >= 0) || !concurrencies.every((c) => Number.isInteger(c) && c > 0)) {
  console.error('usage: npm run bench -- [--seconds 8] [--warmup 2] [--connections 1,10,50] [--profile]');
  process.exit(2);
}
const mostConnections = Math.max(...concurrencies);

const step = (session: PreparedSession): CheckedRequest[] => [
  {
    method: 'POST',
    path: POST_PATH,
    headers: { ...PROXY_HEADERS, cookie: session.cookie },
    body: formBody(session.csrfToken, NAME_FORM),
    check: (status, _body, headers) => {
      if (status !== 303) return `status ${status}, not 303`;
      if (headers.location !== NEXT_PATH) return `redirected to ${headers.location ?? 'nowhere'}, not ${NEXT_PATH}`;
      return undefined;
    },
  },
  {
    method: 'GET',
    path: NEXT_PATH,
    headers: { ...PROXY_HEADERS, cookie: session.cookie },
    check: checkNextPage,
  },
];

function checkNextPage(status: number, body: string): string | undefined {
  if (status !== 200) return `status ${status}, not 200`;
  if (!body.includes(NEXT_PAGE_MARKER)) return 'not the address page';
  if (body.includes(ERROR_SUMMARY_MARKER)) return 'shows an error summary';
  return undefined;
}

const ceilingRequest: CheckedRequest = { method: 'GET', path: NEXT_PATH, headers: {}, check: checkNextPage };
const bareRequest: CheckedRequest = { method: 'GET', path: GOVUK_CEILING_PATH, headers: {}, check: checkNextPage };

/** While connections open: a small static file from the service, a bare 404 from the ceiling. */
const serviceRampRequest: CheckedRequest = {
  method: 'GET',
  path: '/assets/manifest.json',
  headers: { ...PROXY_HEADERS },
  check: (status) => (status === 200 ? undefined : `status ${status}, not 200`),
};
const ceilingRampRequest: CheckedRequest = {
  method: 'GET',
  path: '/ramp',
  headers: {},
  check: (status) => (status === 404 ? undefined : `status ${status}, not 404`),
};

/** What differs by design between the two pages: the CSP nonce and the CSRF token. */
const normalisePage = (html: string): string => html.replace(/nonce="[^"]*"/g, 'nonce="…"').replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value="…"');

/** The honest ceiling's page is laid out by govuk-frontend's macros alone: the same page but for whitespace. */
const withoutLayout = (html: string): string => normalisePage(html).replace(/\s+/g, ' ').replace(/> </g, '><');

async function checkSamePage(service: ServerProcess, ceiling: ServerProcess, session: PreparedSession): Promise<void> {
  const get = async (url: string, headers: Record<string, string>): Promise<string> => {
    const res = await fetch(url, { headers, redirect: 'manual' });
    const text = await res.text();
    const problem = checkNextPage(res.status, text);
    if (problem) throw new Error(`GET ${url}: ${problem}`);
    return normalisePage(text);
  };
  const ours = await get(`${service.url}${NEXT_PATH}`, { ...PROXY_HEADERS, cookie: session.cookie });
  const theirs = await get(`${ceiling.url}${NEXT_PATH}`, {});
  const bare = await get(`${ceiling.url}${GOVUK_CEILING_PATH}`, {});
  // Views first: its difference is the one that tells what changed on the service's page.
  if (ours !== theirs) throw new Error(`The ceiling does not render the service's page${firstDifference(ours, theirs)}`);
  if (withoutLayout(bare) !== withoutLayout(ours)) {
    throw new Error(
      `The govuk-frontend ceiling (${GOVUK_CEILING_PATH}) does not render the service's page, even ignoring whitespace (update bench/ceiling-views/question.njk)${firstDifference(withoutLayout(ours), withoutLayout(bare))}`,
    );
  }
  console.log(
    `Same page: the views ceiling's HTML is the service's (${ours.length.toLocaleString('en-GB')} characters) but for the nonce and CSRF token; the govuk-frontend ceiling's too, but for whitespace.`,
  );
}

function firstDifference(ours: string, theirs: string): string {
  let at = 0;
  while (at < ours.length && ours[at] === theirs[at]) at += 1;
  return `; first difference at character ${at}:\n  service: ${JSON.stringify(ours.slice(at - 40, at + 80))}\n  ceiling: ${JSON.stringify(theirs.slice(at - 40, at + 80))}`;
}

/**
 * The service's own warnings and errors (pino levels 40 and up) once it was
 * listening, e.g. a failing background job; start-up ones are about the
 * benchmark's stand-in settings (no clamd, no webhook).
 */
async function warningsIn(logFile: string): Promise<string[]> {
  const text = await readFile(logFile, 'utf8');
  const found: string[] = [];
  let listening = false;
  for (const line of text.split('\n')) {
    if (!listening) {
      listening = /"engine":"[a-z]+"/.test(line);
      continue;
    }
    if (!line.startsWith('{')) continue;
    const entry = z.object({ level: z.number(), msg: z.string().optional(), err: z.object({ message: z.string() }).optional() }).safeParse(JSON.parse(line));
    if (entry.success && entry.data.level >= 40) found.push(`${entry.data.msg ?? ''}${entry.data.err ? `: ${entry.data.err.message}` : ''}`);
  }
  return found;
}

/** What src/server.ts says it runs on, in its "listening" log line. */
async function databaseEngineOf(logFile: string): Promise<string> {
  const text = await readFile(logFile, 'utf8');
  for (const line of text.split('\n')) {
    const engine = /"engine":"([a-z]+)"/.exec(line)?.[1];
    if (engine) return engine;
  }
  return 'unknown (no "engine" in the service log)';
}

function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // Only what node needs to run, so a developer's own settings (DATABASE_URL, LOG_LEVEL...) do not leak in.
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) if (process.env[name] !== undefined) env[name] = process.env[name];
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) env[name] = value;
  return env;
}

async function main(): Promise<void> {
  // Taken before our own servers start, so it shows what else the machine is doing.
  const loadBefore = os.loadavg();
  const began = performance.now();
  const elapsed = (): string => `${((performance.now() - began) / 1000).toFixed(0)} s`;
  const work = await mkdtemp(path.join(os.tmpdir(), 'irm-bench-'));
  const servers: ServerProcess[] = [];
  let keep = false;
  try {
    const serviceLog = path.join(work, 'service.log');
    const started = await Promise.allSettled([
      // The real entry point, unchanged: config from the environment, store, the whole app.
      startServer('service', {
        script: 'src/server.ts',
        readyPath: '/',
        logFile: serviceLog,
        env: childEnv({
          NODE_ENV: 'production',
          DATA_DIR: path.join(work, 'data'),
          DATABASE_URL: process.env.BENCH_DATABASE_URL,
          SESSION_SECRET: randomBytes(32).toString('hex'),
          TRUST_PROXY: 'loopback',
          // Production insists on a virus scanner for uploads; the step uploads nothing, so none is needed.
          CLAMD_HOST: '127.0.0.1',
          // Production insists on GOV.UK Notify too: a key and template ids in the right shapes (none real); the benchmark sends no email.
          ...NOTIFY_ENV,
          LOG_LEVEL: 'info',
        }),
      }),
      startServer('ceiling', {
        script: 'bench/serve-ceiling.ts',
        readyPath: NEXT_PATH,
        logFile: path.join(work, 'ceiling.log'),
        env: childEnv({ NODE_ENV: 'production' }),
      }),
    ]);
    for (const s of started) if (s.status === 'fulfilled') servers.push(s.value);
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const [service, ceiling] = servers;
    if (!service || !ceiling) throw new Error('a server did not start');
    const engine = await databaseEngineOf(serviceLog);

    const cpus = os.cpus();
    console.log(
      `Node ${process.version} on ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}; load generator (autocannon) in this process, each server in its own.`,
    );
    console.log(
      `Load average before the run: ${loadBefore.map((l) => l.toFixed(1)).join(', ')}${loadBefore[0] !== undefined && loadBefore[0] > 0.5 ? ' (other work on this machine: requests/s are less reliable than CPU ms/req)' : ''}.`,
    );
    console.log(`Servers ready after ${elapsed()}.`);
    console.log(
      `Service: src/server.ts, NODE_ENV=production, request log at info, database engine ${engine} (${process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'PGlite data dir in a temp folder'}); pid ${service.pid ?? 'unknown'}.`,
    );
    console.log(
      `Ceilings: bench/serve-ceiling.ts, bare express 5 + nunjucks (cached templates), static view model of ${NEXT_PATH}: straight from govuk-frontend's macros (${GOVUK_CEILING_PATH}) and through the service's views (${NEXT_PATH}); pid ${ceiling.pid ?? 'unknown'}.`,
    );
    console.log(`Step: POST ${POST_PATH} → 303 ${NEXT_PATH} → GET ${NEXT_PATH}, each connection its own session and draft.`);

    const sessions = await prepareSessions(service.url, mostConnections);
    console.log(`Prepared ${sessions.length} sessions, each answered up to ${POST_PATH} (at ${elapsed()}).`);
    const [firstSession] = sessions;
    if (!firstSession) throw new Error('no session was prepared');
    await checkSamePage(service, ceiling, firstSession);

    const sessionFor = (connection: number): PreparedSession => sessions[connection % sessions.length] ?? firstSession;
    const loadService = (connections: number, s: number): Promise<LoadResult> =>
      runLoad({
        url: service.url,
        connections,
        seconds: s,
        rampRequest: serviceRampRequest,
        serverCpuMicros: () => service.cpuMicros(),
        sequenceFor: (c) => step(sessionFor(c)),
      });
    const loadCeiling = (connections: number, s: number): Promise<LoadResult> =>
      runLoad({
        url: ceiling.url,
        connections,
        seconds: s,
        rampRequest: ceilingRampRequest,
        serverCpuMicros: () => ceiling.cpuMicros(),
        sequenceFor: () => [ceilingRequest],
      });
    const loadBare = (connections: number, s: number): Promise<LoadResult> =>
      runLoad({
        url: ceiling.url,
        connections,
        seconds: s,
        rampRequest: ceilingRampRequest,
        serverCpuMicros: () => ceiling.cpuMicros(),
        sequenceFor: () => [bareRequest],
      });

    if (warmupSeconds > 0) {
      // JIT, template and query-plan caches, so the first measured window is not the coldest.
      const warm = [await loadService(10, warmupSeconds), await loadCeiling(10, warmupSeconds), await loadBare(10, warmupSeconds)];
      const problems = warm.map((r, i) => errorReport(`${['service', 'views ceiling', 'govuk-frontend ceiling'][i] ?? ''} (warm-up)`, r)).filter(Boolean);
      if (problems.length > 0) console.log(problems.join('\n'));
    }

    if (args.profile) await Promise.all([service.startProfile(), ceiling.startProfile()]);
    const pairs: Pair[] = [];
    // Interleaved, so drift on the machine during the run touches both alike.
    for (const connections of concurrencies) {
      const serviceResult = await loadService(connections, seconds);
      const ceilingResult = await loadCeiling(connections, seconds);
      const bareResult = await loadBare(connections, seconds);
      pairs.push({ service: serviceResult, ceiling: ceilingResult, bare: bareResult });
      const ramp = (r: LoadResult): string =>
        r.liveConnections === r.connections
          ? `all live after ${r.rampSeconds.toFixed(1)} s`
          : `ONLY ${r.liveConnections} LIVE after ${r.rampSeconds.toFixed(0)} s`;
      console.log(
        `  ${String(connections).padStart(3)} connections: service ${Math.round(serviceResult.requestsPerSecond)} req/s (${ramp(serviceResult)}), views ceiling ${Math.round(ceilingResult.requestsPerSecond)} req/s (${ramp(ceilingResult)}), govuk-frontend ceiling ${Math.round(bareResult.requestsPerSecond)} req/s (${ramp(bareResult)})`,
      );
    }

    console.log('');
    if (args.profile) console.log('(Profiled run: both servers ran under the CPU profiler, so these figures are lower than a plain run.)\n');
    console.log(markdownTable(pairs));
    console.log('');
    console.log(stepBreakdownTable(pairs));
    console.log('');
    console.log(`Database engine: ${engine}. Requests/s count both requests of a step; steps/s = requests/s ÷ 2; latency is per request, in ms.`);
    console.log(verdict(pairs));
    // What the service holds after the load (the target is at most 500 MB, on PGlite).
    if (service.pid !== undefined) console.log(`Service RSS after the step windows: ${(memoryOf(service.pid).rss / (1024 * 1024)).toFixed(0)} MB.`);
    console.log(`Whole run: ${elapsed()}.`);

    const warnings = await warningsIn(serviceLog);
    if (warnings.length > 0) {
      const counts = new Map<string, number>();
      for (const w of warnings) counts.set(w, (counts.get(w) ?? 0) + 1);
      const counted = [...counts].map(([w, n]) => `  ${n} × ${w}`);
      console.log(`\nThe service logged ${warnings.length} warnings or errors during the run:\n${counted.slice(0, 8).join('\n')}`);
    }

    const problems = pairs
      .flatMap((p) => [errorReport('service', p.service), errorReport('views ceiling', p.ceiling), errorReport('govuk-frontend ceiling', p.bare)])
      .filter(Boolean);
    if (problems.length > 0) {
      console.log(`\nERRORS: these figures include wrong responses and do not measure the step:\n${problems.join('\n')}`);
      process.exitCode = 1;
    }

    if (args.profile) {
      const files = { service: path.join(work, 'service.cpuprofile'), ceiling: path.join(work, 'ceiling.cpuprofile') };
      await Promise.all([service.stopProfile(files.service), ceiling.stopProfile(files.ceiling)]);
      keep = true;
      await rm(path.join(work, 'data'), { recursive: true, force: true });
      for (const [name, file] of Object.entries(files)) console.log(`\n${formatProfileSummary(name, file, await summariseProfile(file))}`);
      console.log(`\nProfiles kept in ${work} (open them in Chrome DevTools or speedscope).`);
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    if (!keep) await rm(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
