import autocannon from 'autocannon';

/**
 * One measured window of load, with every response checked: a benchmark that
 * counts error pages as throughput measures nothing.
 *
 * The window starts only once every connection is live. A busy Node server
 * takes in about one new connection per turn of its event loop, so when 50
 * connections open at once and the first ones start loading the server, the
 * last ones wait seconds to be accepted (measured: one every 0.1–0.3 s, long
 * enough for requests to time out). So until all connections have had a
 * response, each sends only a cheap request (`rampRequest`), which keeps the
 * loop's turns short; then they switch to the real sequence and the clock
 * starts. Ramp responses count in no figure, but are checked like the rest.
 */

/** One request of the sequence each connection repeats, and what its response must be. */
export interface CheckedRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** Why the response is wrong, or undefined when it is right. */
  readonly check: (status: number, body: string, headers: Record<string, string>) => string | undefined;
}

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  /** How long to measure, once all connections are live. */
  readonly seconds: number;
  /** The longest wait for all connections to be live; after it, measure anyway (and say so). */
  readonly maxRampSeconds?: number;
  /** What connections send until all of them are live: something the server answers cheaply. */
  readonly rampRequest: CheckedRequest;
  /** The server's CPU time so far, in µs: read as the window opens and closes. */
  readonly serverCpuMicros?: () => Promise<number>;
  /** The sequence for the n-th connection (each connection can be a different person). */
  readonly sequenceFor: (connection: number) => readonly CheckedRequest[];
}

export interface LoadResult {
  readonly connections: number;
  /** Connections live when measuring began (all of them, unless the ramp timed out). */
  readonly liveConnections: number;
  /** From the first connection opening to the last one's first response, in seconds. */
  readonly rampSeconds: number;
  /** Measured, in seconds. */
  readonly seconds: number;
  /** Responses received in the measured window. */
  readonly responses: number;
  readonly requestsPerSecond: number;
  /** Latency of every response in the window, in ms. */
  readonly p50: number;
  readonly p99: number;
  /** Latency by request of the sequence (its index), in ms. */
  readonly byRequest: ReadonlyArray<{ readonly label: string; readonly count: number; readonly p50: number; readonly p99: number }>;
  /** The server's CPU time (user + system) per response in the window, in ms. */
  readonly cpuMsPerRequest: number;
  /** Wrong responses, connection errors and timeouts, over the whole run. */
  readonly errors: number;
  /** A few of the wrong responses, for the report. */
  readonly errorSamples: readonly string[];
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

const lowerCaseKeys = (headers: Record<string, unknown> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([key, value]) => [key.toLowerCase(), String(value)]));

interface Response {
  /** When it arrived (performance.now()). */
  readonly at: number;
  /** Which request of the sequence it answers; -1 for a ramp request. */
  readonly index: number;
  readonly latency: number;
}

const RAMP = -1;

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const maxRampMs = (opts.maxRampSeconds ?? 30) * 1000;
  const sequences: CheckedRequest[][] = [];
  const responses: Response[] = [];
  let wrong = 0;
  const samples = new Map<string, number>();
  const noteWrong = (what: string): void => {
    wrong += 1;
    samples.set(what, (samples.get(what) ?? 0) + 1);
  };

  let nextConnection = 0;
  let live = 0;
  let liveAtStart = 0;
  let windowStart: number | undefined;
  let windowEnd: number | undefined;
  const began = performance.now();

  let instance: autocannon.Instance | undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        // An upper bound only: the run is stopped once the window is measured.
        duration: Math.ceil(maxRampMs / 1000 + opts.seconds + 5),
        pipelining: 1,
        timeout: 10,
        setupClient(client) {
          const connection = nextConnection++;
          const sequence = [...opts.sequenceFor(connection)];
          sequences[connection] = sequence;
          // onResponse runs just before the client's 'response' event for the same
          // response, which carries the latency but not which request it was.
          let answered = 0;
          // With one request in flight per connection, this is the one being answered.
          let sentIndex = RAMP;
          let first = true;
          const ramp = opts.rampRequest;
          const check = (req: CheckedRequest, status: number, body: string, headers: autocannon.Request['headers']): void => {
            const problem = req.check(status, body, lowerCaseKeys(headers));
            if (problem) noteWrong(`${req.method} ${req.path}: ${problem}`);
          };
          client.setRequests(
            sequence.map((req, index) => ({
              method: req.method,
              path: req.path,
              headers: req.body === undefined ? req.headers : { ...req.headers, 'content-type': 'application/x-www-form-urlencoded' },
              body: req.body,
              setupRequest: (built: autocannon.Request): autocannon.Request => {
                sentIndex = windowStart === undefined ? RAMP : index;
                return sentIndex === RAMP ? { ...built, method: ramp.method, path: ramp.path, headers: ramp.headers, body: undefined } : built;
              },
              onResponse: (status: number, body: string, _context: object, headers: autocannon.Request['headers']) => {
                answered = sentIndex;
                check(answered === RAMP ? ramp : req, status, body, headers);
              },
            })),
          );
          client.on('response', (_status: number, _bytes: number, latency: number) => {
            const at = performance.now();
            responses.push({ at, index: answered, latency });
            if (first) {
              first = false;
              live += 1;
              if (live === opts.connections) startWindow(at);
            }
          });
        },
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });

  let cpuAtStart: Promise<number> | undefined;
  let cpuAtEnd: Promise<number> | undefined;
  function startWindow(at: number): void {
    if (windowStart !== undefined) return;
    windowStart = at;
    liveAtStart = live;
    cpuAtStart = opts.serverCpuMicros?.();
    setTimeout(() => {
      windowEnd = performance.now();
      cpuAtEnd = opts.serverCpuMicros?.();
      instance?.stop();
    }, opts.seconds * 1000);
  }
  const rampTimer = setTimeout(() => startWindow(performance.now()), maxRampMs);
  const result = await finished;
  clearTimeout(rampTimer);

  const start = windowStart ?? began;
  const end = windowEnd ?? performance.now();
  const measured = responses.filter((r) => r.at >= start && r.at <= end && r.index !== RAMP);
  const cpuMicros = cpuAtStart && cpuAtEnd ? (await cpuAtEnd) - (await cpuAtStart) : Number.NaN;
  const sortedLatencies = (list: readonly Response[]): number[] => list.map((r) => r.latency).sort((a, b) => a - b);
  const all = sortedLatencies(measured);
  const template = sequences[0] ?? [];
  const seconds = (end - start) / 1000;
  return {
    connections: opts.connections,
    liveConnections: liveAtStart,
    rampSeconds: (start - began) / 1000,
    seconds,
    responses: measured.length,
    cpuMsPerRequest: cpuMicros / 1000 / measured.length,
    requestsPerSecond: measured.length / seconds,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    byRequest: template.map((req, i) => {
      const sorted = sortedLatencies(measured.filter((r) => r.index === i));
      return { label: `${req.method} ${req.path}`, count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
    }),
    errors: wrong + result.errors,
    errorSamples: [
      ...[...samples].slice(0, 5).map(([what, count]) => `${count} × ${what}`),
      ...(result.errors > 0 ? [`${result.errors} connection errors (${result.timeouts} of them timeouts)`] : []),
    ],
  };
}
