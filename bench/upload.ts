import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { samplePdf, samplePdfOfSize } from '../test/support/sample-files.ts';
import { startClamd, type RunningClamd } from './clamd-process.ts';
import { Person, problemShown } from './person.ts';
import { fosteringOnTimeToday } from './scenario.ts';
import { startServer, type ServerProcess } from './server-process.ts';
import { NOTIFY_ENV } from '../test/support/notify-env.ts';
import { memoryOf } from './process-memory.ts';

/**
 * `npm run bench:upload`: a large PDF through the whole upload pipeline of the
 * real service (src/server.ts in a child process, as in production): multer
 * to a temporary file, type from the bytes, the PDF password check, a clamd
 * INSTREAM scan, SHA-256, and the database in 256 KB pieces. Once alone, then
 * N at once (each its own person). It reports the time and how much the
 * server's resident memory grew at its peak over what it was before, against
 * the target: growth ≤ 2 × the file size.
 *
 *   npm run bench:upload -- --size-mb 10 --concurrent 10
 *
 * Everything is on 127.0.0.1; clamd is CLAMD_HOST/CLAMD_PORT if set, else one
 * started here. Bounded: 1 + N uploads, then it stops.
 */

const { values: args } = parseArgs({
  options: {
    'size-mb': { type: 'string', default: '10' },
    concurrent: { type: 'string', default: '10' },
  },
});
const sizeMb = Number(args['size-mb']);
const concurrent = Number(args.concurrent);
if (!(sizeMb > 0 && sizeMb <= 100) || !(Number.isInteger(concurrent) && concurrent > 0 && concurrent <= 50)) {
  console.error('usage: npm run bench:upload -- [--size-mb 10] [--concurrent 10]');
  process.exit(2);
}
const FILE_BYTES = Math.round(sizeMb * 1024 * 1024);
const MB = 1024 * 1024;

/** Resets the kernel's peak-RSS mark (VmHWM), so it covers only what comes next. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** A person at the evidence page (fostering, a letter dated a week ago: the service runs on the real clock). */
async function personAtEvidence(baseUrl: string): Promise<Person> {
  const person = new Person(baseUrl);
  const steps = fosteringOnTimeToday();
  const at = steps.findIndex(([step]) => step === 'evidence');
  if (at < 0) throw new Error('The evidence step is not on the fostering route any more: update bench/upload.ts');
  for (const [step, form] of steps.slice(0, at)) await person.answer(step, form);
  return person;
}

interface Measured {
  readonly label: string;
  readonly files: number;
  readonly seconds: number;
  readonly peakGrowth: number;
  readonly baseline: number;
}

/** Runs `work` while watching the server's memory: peak RSS over the baseline taken just before. */
async function measure(server: ServerProcess, label: string, files: number, work: () => Promise<void>): Promise<Measured> {
  const pid = server.pid;
  if (pid === undefined) throw new Error('the service has no pid');
  // Let the previous case's garbage go first, as far as the server lets it.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const baseline = memoryOf(pid).rss;
  const hwmReset = resetPeak(pid);
  let sampledPeak = baseline;
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, memoryOf(pid).rss);
  }, 5);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  const peak = Math.max(sampledPeak, hwmReset ? memoryOf(pid).peak : 0);
  return { label, files, seconds, peakGrowth: peak - baseline, baseline };
}

async function uploadChecked(person: Person, file: Buffer, name: string): Promise<void> {
  const res = await person.upload(file, name);
  if (res.status !== 303 || res.location !== '/apply/evidence')
    throw new Error(`upload of ${name} gave ${res.status}${problemShown(res.text) || ' (no error shown)'}`);
  const page = await person.request('/apply/evidence');
  if (!page.text.includes(`>${name}</a>`)) throw new Error(`${name} is not listed after its upload`);
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'irm-bench-upload-'));
  let clamd: RunningClamd | undefined;
  let service: ServerProcess | undefined;
  try {
    const givenHost = process.env.CLAMD_HOST;
    if (!givenHost) clamd = await startClamd(path.join(work, 'clamd'));
    const clamdHost = givenHost ?? clamd?.host ?? '127.0.0.1';
    const clamdPort = givenHost ? (process.env.CLAMD_PORT ?? '3310') : String(clamd?.port);

    const env: NodeJS.ProcessEnv = {};
    for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) if (process.env[name] !== undefined) env[name] = process.env[name];
    service = await startServer('service', {
      script: 'src/server.ts',
      readyPath: '/',
      logFile: path.join(work, 'service.log'),
      env: {
        ...env,
        NODE_ENV: 'production',
        DATA_DIR: path.join(work, 'data'),
        ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
        SESSION_SECRET: randomBytes(32).toString('hex'),
        TRUST_PROXY: 'loopback',
        CLAMD_HOST: clamdHost,
        // Production insists on GOV.UK Notify too: a key and template ids in the right shapes (none real); the benchmark sends no email.
        ...NOTIFY_ENV,
        CLAMD_PORT: clamdPort,
        UPLOAD_MAX_FILE_MB: String(Math.ceil(sizeMb)),
        UPLOAD_TEMP_DIR: path.join(work, 'uploads'),
        LOG_LEVEL: 'warn',
      },
    });
    console.log(
      `Node ${process.version}; service pid ${service.pid ?? 'unknown'} (src/server.ts, NODE_ENV=production, ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite on disk'}); clamd at ${clamdHost}:${clamdPort}${clamd ? ' (started here)' : ''}.`,
    );

    const serviceUrl = service.url;
    const people = await Promise.all(Array.from({ length: concurrent + 1 }, () => personAtEvidence(serviceUrl)));
    const [first, ...others] = people;
    if (!first) throw new Error('no person');
    // Warm up every module on the path (multer, file-type, yauzl, the clamd client) with a small file.
    await uploadChecked(first, samplePdf({ text: 'warm-up' }), 'warm-up.pdf');
    const big = samplePdfOfSize(FILE_BYTES, 'Decision letter');

    const results: Measured[] = [];
    results.push(await measure(service, `1 upload of ${sizeMb} MB`, 1, () => uploadChecked(first, big, 'letter.pdf')));
    results.push(
      await measure(service, `${concurrent} uploads of ${sizeMb} MB at once`, concurrent, async () => {
        await Promise.all(others.map((person, i) => uploadChecked(person, big, `letter-${i}.pdf`)));
      }),
    );
    // Once more: what grew the first time (caches, the database's buffers) should not grow again.
    results.push(
      await measure(service, `${concurrent} more at once`, concurrent, async () => {
        await Promise.all(others.map((person, i) => uploadChecked(person, big, `again-${i}.pdf`)));
      }),
    );

    console.log('');
    console.log('| case | time | MB/s | peak RSS growth | ÷ file size | target |');
    console.log('|---|---:|---:|---:|---:|---|');
    for (const r of results) {
      const ratio = r.peakGrowth / FILE_BYTES;
      const target = r.files === 1 ? `≤ 2.0 × ${ratio <= 2 ? '✓' : '✗ missed'}` : `bounded (${(ratio / r.files).toFixed(2)} × per upload)`;
      console.log(
        `| ${r.label} | ${r.seconds.toFixed(2)} s | ${((r.files * FILE_BYTES) / MB / r.seconds).toFixed(1)} | ${(r.peakGrowth / MB).toFixed(1)} MB | ${ratio.toFixed(2)} × | ${target} |`,
      );
    }
    console.log('');
    console.log(
      `Baseline RSS before each case: ${results.map((r) => `${(r.baseline / MB).toFixed(0)} MB`).join(', ')}. Peak = the kernel's VmHWM since a reset just before the case, and 5 ms samples of VmRSS.`,
    );
    // What the service holds once the uploads are done (the target is at most 500 MB, on PGlite).
    if (service.pid !== undefined) console.log(`Service RSS after the uploads: ${(memoryOf(service.pid).rss / MB).toFixed(0)} MB.`);
    const single = results[0];
    if (single && single.peakGrowth > 2 * FILE_BYTES) process.exitCode = 1;
  } finally {
    await service?.stop();
    await clamd?.stop();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
