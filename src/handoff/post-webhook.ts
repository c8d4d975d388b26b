import { performance } from 'node:perf_hooks';

/** How much of a consumer's response is kept with the attempt. */
export const RESPONSE_EXCERPT_BYTES = 1024;

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Aborts the attempt early, e.g. when the worker is stopping. */
  signal?: AbortSignal;
}

export type PostResult =
  | { kind: 'response'; status: number; retryAfter: string | null; responseBody: string; durationMs: number }
  | { kind: 'error'; error: string; durationMs: number };

/**
 * One POST. Redirects are not followed (a 3xx is just a failed attempt): a
 * signed application must not be sent on to wherever a Location header points.
 * The timeout covers connecting, the response headers and the excerpt of the body.
 */
export async function postWebhook(request: WebhookRequest): Promise<PostResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  const send = () =>
    fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'irm-apply-webhooks/1', ...request.headers },
      body: request.body,
      redirect: 'manual',
      signal,
    });
  let response: Response;
  try {
    try {
      response = await send();
    } catch (err) {
      // A kept-alive connection the consumer closed just as it was reused:
      // send again at once on a new one rather than wait for the retry
      // schedule. The consumer dedupes on webhook-id if the first got through.
      if (signal.aborted || !isStaleConnection(err)) throw err;
      response = await send();
    }
  } catch (err) {
    const error = timeout.aborted
      ? `timed out after ${request.timeoutMs} ms`
      : request.signal?.aborted
        ? 'stopped: the worker is shutting down'
        : describe(err);
    return { kind: 'error', error, durationMs: elapsed() };
  }
  // The status decides the outcome; a body that is slow or broken only
  // shortens the excerpt.
  const responseBody = await readExcerpt(response).catch(() => '');
  return { kind: 'response', status: response.status, retryAfter: response.headers.get('retry-after'), responseBody, durationMs: elapsed() };
}

async function readExcerpt(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < RESPONSE_EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    // A long body is not downloaded past the excerpt.
    await reader.cancel().catch(() => {
      // The excerpt is read; a body that fails to stop changes nothing.
    });
  }
  const bytes = Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES);
  // A multi-byte character cut at the limit becomes U+FFFD; that is fine for an excerpt.
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

const STALE_CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

function isStaleConnection(err: unknown): boolean {
  const cause = err instanceof Error ? err.cause : undefined;
  return cause instanceof Error && 'code' in cause && typeof cause.code === 'string' && STALE_CONNECTION_CODES.has(cause.code);
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // fetch wraps the real network error (ECONNREFUSED, ENOTFOUND, …) as its cause.
  const cause = err.cause;
  if (cause instanceof Error) {
    const code = 'code' in cause && typeof cause.code === 'string' ? `${cause.code}: ` : '';
    return `${err.message}: ${code}${cause.message}`;
  }
  return err.message;
}
