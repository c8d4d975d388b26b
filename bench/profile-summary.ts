import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/**
 * Where a server's CPU went under load, from a V8 .cpuprofile: the busiest
 * functions (self time), and the share of each part of the code (its own
 * frames, and everything it called), so the top costs can be read off.
 */

const callFrameSchema = z.object({
  functionName: z.string(),
  url: z.string(),
  lineNumber: z.number(),
});

const profileSchema = z.object({
  nodes: z.array(z.object({ id: z.number(), callFrame: callFrameSchema, children: z.array(z.number()).optional() })),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

type CallFrame = z.infer<typeof callFrameSchema>;

export interface Share {
  readonly name: string;
  /** Per cent of the busy (non-idle) time. */
  readonly percent: number;
}

export interface ProfileSummary {
  readonly busyMs: number;
  readonly idleMs: number;
  /** Functions by their own time. */
  readonly selfByFunction: readonly Share[];
  /** Parts of the code (package, src/ folder, node internals) by their own time. */
  readonly selfByArea: readonly Share[];
  /** Parts of the code by time on the stack (their own plus what they called). */
  readonly totalByArea: readonly Share[];
  /** The service's own functions by time on the stack, within one synchronous run. */
  readonly totalBySourceFunction: readonly Share[];
}

const VIRTUAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** Which part of the code a frame belongs to. */
export function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  // Builtins have no script, and neither do nunjucks's compiled templates (made with new Function).
  if (url === '') return VIRTUAL.has(functionName) ? functionName : '(no script: builtins, compiled templates)';
  if (url.startsWith('wasm://')) return 'PGlite (Postgres in WASM)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first = '', second = ''] = url.slice(modules + '/node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  if (url.startsWith('node:')) return 'node core (http, streams, crypto...)';
  const source = /\/(src|bench|views)\/([^/]+)\//.exec(url);
  if (source) return source.slice(1, 3).join('/');
  const file = /\/(src|bench)\/([^/]+)$/.exec(url);
  return file ? file.slice(1, 3).join('/') : url;
}

function functionLabel(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  if (frame.url === '') return name;
  const modules = frame.url.lastIndexOf('/node_modules/');
  if (modules >= 0) return `${name} ${frame.url.slice(modules + '/node_modules/'.length)}:${frame.lineNumber + 1}`;
  const ours = /\/((?:src|bench)\/.*)$/.exec(frame.url);
  // tsx puts each transpiled file on one line, so only the file name says anything.
  if (ours) return `${name} ${ours[1] ?? ''}`;
  return `${name} ${frame.url}:${frame.lineNumber + 1}`;
}

const isSource = (frame: CallFrame): boolean => frame.url.includes('/src/') && !frame.url.includes('/node_modules/');

function top(map: Map<string, number>, busy: number, count: number): Share[] {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, time]) => ({ name, percent: (100 * time) / busy }));
}

export async function summariseProfile(file: string, count = 15): Promise<ProfileSummary> {
  const profile = profileSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    // timeDeltas[i] is the time since the previous sample: it belongs to the sample before.
    const delta = profile.timeDeltas[i + 1] ?? 0;
    selfTime.set(id, (selfTime.get(id) ?? 0) + delta);
  });

  let idle = 0;
  let busy = 0;
  const selfByFunction = new Map<string, number>();
  const selfByArea = new Map<string, number>();
  const totalByArea = new Map<string, number>();
  const totalBySourceFunction = new Map<string, number>();
  for (const [id, time] of selfTime) {
    const node = byId.get(id);
    if (!node) continue;
    if (node.callFrame.functionName === '(idle)') {
      idle += time;
      continue;
    }
    busy += time;
    selfByFunction.set(functionLabel(node.callFrame), (selfByFunction.get(functionLabel(node.callFrame)) ?? 0) + time);
    const area = areaOf(node.callFrame);
    selfByArea.set(area, (selfByArea.get(area) ?? 0) + time);

    // Count each area and function once per stack, however often it recurs in it.
    const areas = new Set<string>();
    const functions = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame || frame.functionName === '(root)') continue;
      areas.add(areaOf(frame));
      if (isSource(frame)) functions.add(functionLabel(frame));
    }
    for (const a of areas) totalByArea.set(a, (totalByArea.get(a) ?? 0) + time);
    for (const f of functions) totalBySourceFunction.set(f, (totalBySourceFunction.get(f) ?? 0) + time);
  }

  return {
    busyMs: busy / 1000,
    idleMs: idle / 1000,
    selfByFunction: top(selfByFunction, busy, count),
    selfByArea: top(selfByArea, busy, count),
    totalByArea: top(totalByArea, busy, count),
    totalBySourceFunction: top(totalBySourceFunction, busy, count),
  };
}

export function formatProfileSummary(name: string, file: string, s: ProfileSummary): string {
  const list = (title: string, shares: readonly Share[]): string =>
    [`  ${title}:`, ...shares.map((share) => `    ${share.percent.toFixed(1).padStart(5)}%  ${share.name}`)].join('\n');
  return [
    `CPU profile of ${name} under load (${file}):`,
    `  busy ${s.busyMs.toFixed(0)} ms, idle ${s.idleMs.toFixed(0)} ms; shares below are of the busy time`,
    list('by part of the code, own time', s.selfByArea),
    list('by part of the code, including what it called', s.totalByArea),
    list('busiest functions, own time', s.selfByFunction),
    list("the service's own functions, including what they called (synchronous part only)", s.totalBySourceFunction),
  ].join('\n');
}
