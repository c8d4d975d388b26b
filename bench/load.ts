import autocannon from 'autocannon';

/**
 * One measured window of load, with every response checked: a benchmark that
 * counts error pages as throughput measures nothing.
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
  readonly seconds: number;
  /** The sequence for the n-th connection (each connection can be a different person). */
  readonly sequenceFor: (connection: number) => readonly CheckedRequest[];
}

export interface LoadResult {
  readonly connections: number;
  /** Measured, in seconds. */
  readonly seconds: number;
  /** Responses received. */
  readonly responses: number;
  readonly requestsPerSecond: number;
  /** Latency of every response, in ms. */
  readonly p50: number;
  readonly p99: number;
  /** Latency by request of the sequence (its index), in ms. */
  readonly byRequest: ReadonlyArray<{ readonly label: string; readonly count: number; readonly p50: number; readonly p99: number }>;
  /** Wrong responses, connection errors and timeouts. */
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

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const sequences: CheckedRequest[][] = [];
  const latencies: number[][] = [];
  const all: number[] = [];
  let wrong = 0;
  const samples = new Map<string, number>();
  const noteWrong = (what: string): void => {
    wrong += 1;
    samples.set(what, (samples.get(what) ?? 0) + 1);
  };

  let nextConnection = 0;

  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        duration: opts.seconds,
        pipelining: 1,
        timeout: 10,
        setupClient(client) {
          const connection = nextConnection++;
          const sequence = [...opts.sequenceFor(connection)];
          sequences[connection] = sequence;
          // onResponse runs just before the client's 'response' event for the same
          // response, which carries the latency but not which request it was.
          let answered = 0;
          client.setRequests(
            sequence.map((req, index) => ({
              method: req.method,
              path: req.path,
              headers: req.body === undefined ? req.headers : { ...req.headers, 'content-type': 'application/x-www-form-urlencoded' },
              body: req.body,
              onResponse: (status: number, body: string, _context: object, headers: autocannon.Request['headers']) => {
                answered = index;
                const problem = req.check(status, body, lowerCaseKeys(headers));
                if (problem) noteWrong(`${req.method} ${req.path}: ${problem}`);
              },
            })),
          );
          client.on('response', (_status: number, _bytes: number, responseTime: number) => {
            (latencies[answered] ??= []).push(responseTime);
            all.push(responseTime);
          });
        },
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });

  all.sort((a, b) => a - b);
  const template = sequences.find((s) => s) ?? [];
  return {
    connections: opts.connections,
    seconds: result.duration,
    responses: all.length,
    requestsPerSecond: all.length / result.duration,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    byRequest: template.map((req, i) => {
      const sorted = [...(latencies[i] ?? [])].sort((a, b) => a - b);
      return { label: `${req.method} ${req.path}`, count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
    }),
    errors: wrong + result.errors,
    errorSamples: [
      ...[...samples].slice(0, 5).map(([what, count]) => `${count} × ${what}`),
      ...(result.errors > 0 ? [`${result.errors} connection errors (${result.timeouts} of them timeouts)`] : []),
    ],
  };
}
