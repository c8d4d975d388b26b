import type { LoadResult } from './load.ts';

/** The service against its ceiling at one concurrency. */
export interface Pair {
  readonly service: LoadResult;
  readonly ceiling: LoadResult;
}

/** The service must serve at least this share of the ceiling's requests per second. */
export const TARGET_RATIO = 0.5;

export const ratioOf = (pair: Pair): number => pair.service.requestsPerSecond / pair.ceiling.requestsPerSecond;

/**
 * The same ratio from CPU time per request: what the service would reach with
 * a whole core, as the ceiling does. Steadier than requests/s on a busy machine.
 */
export const cpuRatioOf = (pair: Pair): number => pair.ceiling.cpuMsPerRequest / pair.service.cpuMsPerRequest;

const n0 = (x: number): string => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-GB') : '–');
const ms = (x: number): string => (Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : x.toFixed(1)) : '–');

/** The table for the README: one row per concurrency. */
export function markdownTable(pairs: readonly Pair[]): string {
  const header = [
    '| connections | service req/s | service steps/s | service p50 / p99 ms | ceiling req/s | ceiling p50 / p99 ms | service ÷ ceiling | CPU ms/req service / ceiling | errors |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const rows = pairs.map((pair) => {
    const { service, ceiling } = pair;
    const ratio = ratioOf(pair);
    return `| ${service.connections} | ${n0(service.requestsPerSecond)} | ${n0(service.requestsPerSecond / 2)} | ${ms(service.p50)} / ${ms(service.p99)} | ${n0(ceiling.requestsPerSecond)} | ${ms(ceiling.p50)} / ${ms(ceiling.p99)} | ${(100 * ratio).toFixed(0)}% ${ratio >= TARGET_RATIO ? '✓' : '✗'} | ${ms(service.cpuMsPerRequest)} / ${ms(ceiling.cpuMsPerRequest)} | ${service.errors + ceiling.errors} |`;
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
  const target = `${(100 * TARGET_RATIO).toFixed(0)}% of the ceiling's requests/s`;
  const byCpu = pairs.map((p) => `${(100 * cpuRatioOf(p)).toFixed(0)}%`).join(', ');
  const cpuLine = `By CPU time per request the service is at ${byCpu} of the ceiling (at ${pairs.map((p) => p.service.connections).join(', ')} connections).`;
  if (missed.length === 0) return `Target met: the service serves at least ${target} at every concurrency.\n${cpuLine}`;
  return `Target NOT met at ${missed.map((p) => `${p.service.connections} connection${p.service.connections === 1 ? '' : 's'} (${(100 * ratioOf(p)).toFixed(0)}%)`).join(', ')}: the target is ${target}.\n${cpuLine}`;
}

export function errorReport(name: string, result: LoadResult): string | undefined {
  if (result.errors === 0) return undefined;
  return [`${name} at ${result.connections} connections: ${result.errors} wrong responses or errors`, ...result.errorSamples.map((s) => `    ${s}`)].join('\n');
}
