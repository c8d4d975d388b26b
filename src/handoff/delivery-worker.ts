import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { EventPayloads } from './event-payloads.ts';
import type { ClaimedEvent, Outbox } from '../store/outbox.ts';
import { postWebhook, type PostResult, type WebhookRequest } from './post-webhook.ts';
import { decide, type AttemptOutcome, type Decision } from './retry-policy.ts';
import { createSigner, type Signer } from './signing.ts';

/** Something an operator must act on. Logged at error level; other channels can be added. */
export interface OperatorAlert {
  kind: 'event-failed' | 'endpoint-gone';
  message: string;
  eventId: string;
  webhookId: string;
  endpoint: string;
}

export interface DeliveryWorkerOptions {
  outbox: Outbox;
  payloads: EventPayloads;
  endpoint: { url: string; secrets: readonly string[] };
  logger: Logger;
  /** Names this worker in the attempts it records. */
  name?: string;
  /** Attempts in flight at once. */
  concurrency?: number;
  timeoutMs?: number;
  /** How long a claim holds an event; must outlast an attempt. Default: the timeout plus a minute. */
  leaseMs?: number;
  /** How often to look for due events when nothing wakes the worker sooner. */
  pollIntervalMs?: number;
  /** The clock for the outbox's times and the retry schedule. */
  now?: () => Date;
  /** Waits `ms` or until `signal` aborts (then resolves, not rejects). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Defaults to an error-level log line. */
  alert?: (alert: OperatorAlert) => void;
  /** The HTTP call; tests may wrap it. */
  post?: (request: WebhookRequest) => Promise<PostResult>;
}

const DEFAULTS = { concurrency: 8, timeoutMs: 15_000, pollIntervalMs: 1000, leaseMarginMs: 60_000 };

const realSleep = async (ms: number, signal: AbortSignal): Promise<void> => {
  await delay(ms, undefined, { signal }).catch(() => {
    // Aborted: woken early, which is what the signal is for.
  });
};

/**
 * Sends outbox events to the caseworker system's endpoint, signed afresh for
 * every attempt, and records each attempt. Runs in the web process or in its
 * own (`npm run worker`); any number of workers may share one database.
 *
 * `runOnce()` does one round (claim what is due, send it, record it) and is
 * what tests drive with their own clock; `start()` loops over it.
 */
export class DeliveryWorker {
  readonly name: string;
  readonly #outbox: Outbox;
  readonly #payloads: EventPayloads;
  readonly #url: string;
  readonly #sign: Signer;
  readonly #logger: Logger;
  readonly #concurrency: number;
  readonly #timeoutMs: number;
  readonly #leaseMs: number;
  readonly #pollIntervalMs: number;
  readonly #now: () => Date;
  readonly #sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly #random: () => number;
  readonly #alert: (alert: OperatorAlert) => void;
  readonly #post: (request: WebhookRequest) => Promise<PostResult>;

  readonly #inFlight = new Set<Promise<void>>();
  /** Aborts attempts still in flight when stop() runs out of patience. */
  readonly #abortAttempts = new AbortController();
  #loop: Promise<void> | undefined;
  #running = false;
  #woken = false;
  #interruptIdle: (() => void) | undefined;

  constructor(options: DeliveryWorkerOptions) {
    this.name = options.name ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.#outbox = options.outbox;
    this.#payloads = options.payloads;
    this.#url = options.endpoint.url;
    this.#sign = createSigner(options.endpoint.secrets);
    this.#logger = options.logger.child({ component: 'delivery-worker', worker: this.name });
    this.#concurrency = options.concurrency ?? DEFAULTS.concurrency;
    this.#timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
    this.#leaseMs = options.leaseMs ?? this.#timeoutMs + DEFAULTS.leaseMarginMs;
    if (this.#leaseMs <= this.#timeoutMs) throw new RangeError('The lease must outlast the attempt timeout');
    this.#pollIntervalMs = options.pollIntervalMs ?? DEFAULTS.pollIntervalMs;
    this.#now = options.now ?? (() => new Date());
    this.#sleep = options.sleep ?? realSleep;
    this.#random = options.random ?? Math.random;
    this.#alert = options.alert ?? ((alert) => this.#logger.error({ alert }, `ALERT: ${alert.message}`));
    this.#post = options.post ?? postWebhook;
  }

  /** Claims what is due (up to the free concurrency), sends it, and waits for every attempt to be recorded. @returns events attempted */
  async runOnce(): Promise<number> {
    const claimed = await this.#claim();
    await Promise.all(claimed.map((event) => this.#track(event)));
    return claimed.length;
  }

  start(): void {
    if (this.#loop) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Look for due events now (after an event is enqueued, say) instead of at the next poll. */
  wake(): void {
    this.#woken = true;
    this.#interruptIdle?.();
  }

  /**
   * Stops claiming, gives attempts in flight up to `graceMs` to finish, then
   * aborts the rest (recorded as failed attempts, their events due again at
   * once, with the same webhook-id).
   */
  async stop({ graceMs = 5000 }: { graceMs?: number } = {}): Promise<void> {
    this.#running = false;
    this.wake();
    await this.#loop;
    this.#loop = undefined;
    if (this.#inFlight.size === 0) return;
    const allDone = Promise.allSettled([...this.#inFlight]);
    const timer = setTimeout(() => this.#abortAttempts.abort(), graceMs);
    await allDone;
    clearTimeout(timer);
  }

  /**
   * Read afresh each time: stop() and wake() change these while a claim is
   * awaited (a method's result is not narrowed by earlier checks).
   */
  #mayIdle(): boolean {
    return this.#running && !this.#woken;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      this.#woken = false;
      let full = false;
      try {
        const free = this.#concurrency - this.#inFlight.size;
        // Under a backlog, refill in batches (half the slots at a time) rather
        // than one claim query per finished attempt.
        if (free > 0 && (free * 2 >= this.#concurrency || this.#inFlight.size === 0)) {
          const claimed = await this.#claim(free);
          for (const event of claimed) void this.#track(event);
          // A full batch suggests more are due: go round again straight away.
          full = claimed.length === free;
        }
      } catch (err) {
        this.#logger.error({ err }, 'could not claim outbox events; trying again at the next poll');
      }
      if (full || !this.#mayIdle()) continue;
      await this.#idle();
    }
  }

  /** Until the poll interval passes, wake() is called, or an attempt finishes and frees a slot. */
  async #idle(): Promise<void> {
    const interrupt = new AbortController();
    this.#interruptIdle = () => interrupt.abort();
    try {
      await this.#sleep(this.#pollIntervalMs, interrupt.signal);
    } finally {
      this.#interruptIdle = undefined;
    }
  }

  async #claim(limit: number = this.#concurrency - this.#inFlight.size): Promise<ClaimedEvent[]> {
    return this.#outbox.claim({ worker: this.name, endpoint: this.#url, now: this.#now(), limit, leaseMs: this.#leaseMs });
  }

  #track(event: ClaimedEvent): Promise<void> {
    const attempt = this.#attempt(event).catch((err: unknown) => {
      // The attempt's row stays unfinished and the lease runs out, so the
      // event is tried again; nothing is lost.
      this.#logger.error({ err, eventId: event.eventId }, 'could not record a delivery attempt');
    });
    this.#inFlight.add(attempt);
    void attempt.finally(() => {
      this.#inFlight.delete(attempt);
      this.#interruptIdle?.();
    });
    return attempt;
  }

  async #attempt(event: ClaimedEvent): Promise<void> {
    const log = this.#logger.child({ eventId: event.eventId, webhookId: event.webhookId, attempt: event.roundAttempt });
    let result: PostResult;
    try {
      const body = await this.#payloads.body(event);
      result = await this.#post({
        url: this.#url,
        // A fresh timestamp and signatures on every attempt; the id never changes.
        headers: { ...this.#sign(event.webhookId, this.#now(), body) },
        body,
        timeoutMs: this.#timeoutMs,
        signal: this.#abortAttempts.signal,
      });
    } catch (err) {
      result = { kind: 'error', error: `could not prepare the delivery: ${err instanceof Error ? err.message : String(err)}`, durationMs: 0 };
    }

    const now = this.#now();
    const outcome: AttemptOutcome =
      result.kind === 'response' ? { kind: 'response', status: result.status, retryAfter: result.retryAfter } : { kind: 'error', error: result.error };
    // Cut short by stop(): not the endpoint's failure, so due again at once
    // (for whichever worker runs next), not at the next step of the schedule.
    const cutShort = result.kind === 'error' && this.#abortAttempts.signal.aborted;
    const decision: Decision = cutShort ? { kind: 'retry', at: now } : decide({ outcome, attempt: event.roundAttempt, now, random: this.#random });
    const { settled } = await this.#outbox.settle({
      claimed: event,
      now,
      outcome: decision.kind,
      retryAt: decision.kind === 'retry' ? decision.at : undefined,
      statusCode: result.kind === 'response' ? result.status : undefined,
      durationMs: result.durationMs,
      error: result.kind === 'error' ? result.error : undefined,
      responseBody: result.kind === 'response' ? result.responseBody : undefined,
      endpoint: this.#url,
    });
    this.#report(log, event, result, decision, settled);
  }

  #report(log: Logger, event: ClaimedEvent, result: PostResult, decision: Decision, settled: boolean): void {
    const detail = {
      status: result.kind === 'response' ? result.status : undefined,
      error: result.kind === 'error' ? result.error : undefined,
      durationMs: result.durationMs,
    };
    if (!settled && decision.kind !== 'delivered') {
      log.warn(detail, 'the lease ran out during this attempt; the attempt that took over decides what happens next');
      return;
    }
    switch (decision.kind) {
      case 'delivered':
        log.info(detail, 'webhook delivered');
        return;
      case 'retry':
        log.warn({ ...detail, retryAt: decision.at.toISOString() }, 'webhook not delivered; will retry');
        return;
      case 'failed':
        this.#alert({
          kind: 'event-failed',
          message: `webhook ${event.webhookId} could not be delivered after ${event.roundAttempt} attempts; it is marked failed (redeliver with: npm run ops -- redeliver ${event.eventId})`,
          eventId: event.eventId,
          webhookId: event.webhookId,
          endpoint: this.#url,
        });
        return;
      case 'endpoint-gone':
        this.#alert({
          kind: 'endpoint-gone',
          message: `the webhook endpoint ${this.#url} answered 410 Gone: deliveries to it are stopped until it is enabled again (npm run ops -- endpoint enable)`,
          eventId: event.eventId,
          webhookId: event.webhookId,
          endpoint: this.#url,
        });
        return;
    }
  }
}
