import type { LoadResult } from './load.ts';

/**
 * The service against its ceilings at one concurrency: `ceiling` renders the
 * service's own views, `bare` the same page straight from govuk-frontend's
 * macros (the honest ceiling: the targets are against it).
 */
export interface Pair {
  readonly service: LoadResult;
  readonly ceiling: LoadResult;
  readonly bare: LoadResult;
}

/** The service must serve at least this share of the ceiling's requests per second. */
export const TARGET_RATIO = 0.5;

/** Against the honest ceiling (govuk-frontend's macros only). */
export const ratioOf = (pair: Pair): number => pair.service.requestsPerSecond / pair.bare.requestsPerSecond;

/** Against the ceiling that renders the service's own views. */
export const viewsRatioOf = (pair: Pair): number => pair.service.requestsPerSecond / pair.ceiling.requestsPerSecond;

/**
 * The same ratio from CPU time per request: what the service would reach with
 * a whole core, as the ceiling does. Steadier than requests/s on a busy machine.
 */
export const cpuRatioOf = (pair: Pair): number => pair.bare.cpuMsPerRequest / pair.service.cpuMsPerRequest;

const n0 = (x: number): string => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-GB') : '–');
const ms = (x: number): string => (Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : x.toFixed(1)) : '–');

/** The table for the README: one row per concurrency. */
export function markdownTable(pairs: readonly Pair[]): string {
  const header = [
    '| connections | service req/s | service steps/s | service p50 / p99 ms | govuk-frontend ceiling req/s | service ÷ govuk-frontend ceiling | views ceiling req/s | service ÷ views ceiling | CPU ms/req service / govuk-frontend / views | errors |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const rows = pairs.map((pair) => {
    const { service, ceiling, bare } = pair;
    const ratio = ratioOf(pair);
    return `| ${service.connections} | ${n0(service.requestsPerSecond)} | ${n0(service.requestsPerSecond / 2)} | ${ms(service.p50)} / ${ms(service.p99)} | ${n0(bare.requestsPerSecond)} | ${(100 * ratio).toFixed(0)}% ${ratio >= TARGET_RATIO ? '✓' : '✗'} | ${n0(ceiling.requestsPerSecond)} | ${(100 * viewsRatioOf(pair)).toFixed(0)}% | ${ms(service.cpuMsPerRequest)} / ${ms(bare.cpuMsPerRequest)} / ${ms(ceiling.cpuMsPerRequest)} | ${service.errors + ceiling.errors + bare.errors} |`;
  });
  return [...header, ...rows].join('\n');
}

/** The service's latency by request of the step (POST, then the GET it redirects to). */
export function stepBreakdownTable(pairs: readonly Pair[]): string {
  const labels = pairs[0]?.service.byRequest.map((r) => r.label) ?? [];
  const header = [`| connections | ${labels.map((l) => `${l} p50 / p99 ms`).join(' | ')} |`, `|---:|${labels.map(() => '---:').join('|')}|`];
  const rows = pairs.map(({ service }) => `| ${service.connections} | ${service.byRequest.map((r) => `${ms(r.p50)} / ${ms(r.p99)}`).join(' | ')} |`);
  return [...header, ...rows].join('\n');
}

export function verdict(pairs: readonly Pair[]): string {
  const missed = pairs.filter((pair) => ratioOf(pair) < TARGET_RATIO);
  const target = `${(100 * TARGET_RATIO).toFixed(0)}% of the govuk-frontend ceiling's requests/s`;
  const byCpu = pairs.map((p) => `${(100 * cpuRatioOf(p)).toFixed(0)}%`).join(', ');
  const cpuLine = `By CPU time per request the service is at ${byCpu} of the govuk-frontend ceiling (at ${pairs.map((p) => p.service.connections).join(', ')} connections).`;
  if (missed.length === 0) return `Target met: the service serves at least ${target} at every concurrency.\n${cpuLine}`;
  return `Target NOT met at ${missed.map((p) => `${p.service.connections} connection${p.service.connections === 1 ? '' : 's'} (${(100 * ratioOf(p)).toFixed(0)}%)`).join(', ')}: the target is ${target}.\n${cpuLine}`;
}

export function errorReport(name: string, result: LoadResult): string | undefined {
  if (result.errors === 0) return undefined;
  return [`${name} at ${result.connections} connections: ${result.errors} wrong responses or errors`, ...result.errorSamples.map((s) => `    ${s}`)].join('\n');
}
