import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { NotifyTemplateName } from '../config.ts';
import type { ClaimedEmail, EmailKind, EmailOutbox } from '../store/email-outbox.ts';
import { decideEmail, type EmailDecision } from './retry-policy.ts';
import type { EmailTransport, SendResult } from './transport.ts';

/** The configuration name of each kind's template. */
export const TEMPLATE_OF: Record<EmailKind, NotifyTemplateName> = {
  'applicant-confirmation': 'applicantConfirmation',
  'agency-notification': 'agencyNotification',
  'resume-link': 'resumeLink',
  'agency-confirmation': 'agencyConfirmation',
  'operator-alert': 'operatorAlert',
};

/** An email that will not be sent: told to the operator (unless it was itself an operator alert). */
export interface FailedEmail {
  emailId: string;
  kind: EmailKind;
  attempts: number;
  error: string;
}

export interface EmailWorkerOptions {
  outbox: EmailOutbox;
  transport: EmailTransport;
  templates: Partial<Record<NotifyTemplateName, string>>;
  logger: Logger;
  name?: string;
  concurrency?: number;
  /** Must outlast one attempt (the transport's timeout). */
  leaseMs?: number;
  pollIntervalMs?: number;
  now?: () => Date;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Called once for each email that failed for good. */
  onFailed?: (failed: FailedEmail) => void;
}

const realSleep = async (ms: number, signal: AbortSignal): Promise<void> => {
  await delay(ms, undefined, { signal }).catch(() => {
    // Aborted: woken early, which is the point.
  });
};

/**
 * Sends the email outbox through a transport (GOV.UK Notify, or the
 * development mailbox), with the webhook worker's rules: claims under a lease
 * with FOR UPDATE SKIP LOCKED (two workers never send one email at once), every
 * attempt recorded, retries on a schedule. `runOnce()` is one round.
 */
export class EmailWorker {
  readonly name: string;
  readonly #o: Required<Omit<EmailWorkerOptions, 'name' | 'onFailed'>> & Pick<EmailWorkerOptions, 'onFailed'>;
  readonly #logger: Logger;
  readonly #inFlight = new Set<Promise<void>>();
  #loop: Promise<void> | undefined;
  #running = false;
  #woken = false;
  #interruptIdle: (() => void) | undefined;

  constructor(options: EmailWorkerOptions) {
    this.name = options.name ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    // Each default applies to a setting left out or passed as undefined.
    this.#o = {
      outbox: options.outbox,
      transport: options.transport,
      templates: options.templates,
      logger: options.logger,
      concurrency: options.concurrency ?? 4,
      leaseMs: options.leaseMs ?? 120_000,
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      now: options.now ?? (() => new Date()),
      sleep: options.sleep ?? realSleep,
      random: options.random ?? Math.random,
      onFailed: options.onFailed,
    };
    this.#logger = options.logger.child({ component: 'email-worker', worker: this.name, transport: options.transport.name });
  }

  /** Claims what is due, sends it, and waits until every attempt is recorded. @returns emails attempted */
  async runOnce(): Promise<number> {
    const claimed = await this.#claim(this.#o.concurrency);
    await Promise.all(claimed.map((email) => this.#track(email)));
    return claimed.length;
  }

  start(): void {
    if (this.#loop) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  wake(): void {
    this.#woken = true;
    this.#interruptIdle?.();
  }

  /** Stops claiming and waits for the attempts in flight (each bounded by the transport's timeout). */
  async stop(): Promise<void> {
    this.#running = false;
    this.wake();
    await this.#loop;
    this.#loop = undefined;
    await Promise.allSettled([...this.#inFlight]);
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
        const free = this.#o.concurrency - this.#inFlight.size;
        if (free > 0) {
          const claimed = await this.#claim(free);
          for (const email of claimed) void this.#track(email);
          full = claimed.length === free;
        }
      } catch (err) {
        this.#logger.error({ err }, 'could not claim emails; trying again at the next poll');
      }
      if (full || !this.#mayIdle()) continue;
      const interrupt = new AbortController();
      this.#interruptIdle = () => interrupt.abort();
      try {
        await this.#o.sleep(this.#o.pollIntervalMs, interrupt.signal);
      } finally {
        this.#interruptIdle = undefined;
      }
    }
  }

  async #claim(limit: number): Promise<ClaimedEmail[]> {
    return this.#o.outbox.claim({ worker: this.name, transport: this.#o.transport.name, now: this.#o.now(), limit, leaseMs: this.#o.leaseMs });
  }

  #track(email: ClaimedEmail): Promise<void> {
    const attempt = this.#attempt(email).catch((err: unknown) => {
      // The lease runs out and the email is tried again: nothing is lost.
      this.#logger.error({ err, emailId: email.emailId }, 'could not record an email attempt');
    });
    this.#inFlight.add(attempt);
    void attempt.finally(() => {
      this.#inFlight.delete(attempt);
      this.#interruptIdle?.();
    });
    return attempt;
  }

  async #attempt(email: ClaimedEmail): Promise<void> {
    const result = await this.#o.transport.send({
      emailId: email.emailId,
      kind: email.kind,
      emailAddress: email.emailAddress,
      language: email.language,
      templateId: this.#o.templates[TEMPLATE_OF[email.kind]],
      personalisation: email.personalisation,
    });
    const now = this.#o.now();
    const decision = decideEmail(result, email.roundAttempt, now, this.#o.random);
    const settled = await this.#o.outbox.settle({
      claimed: email,
      now,
      outcome: decision.kind,
      retryAt: decision.kind === 'retry' ? decision.at : undefined,
      statusCode: result.kind === 'refused' ? result.status : undefined,
      durationMs: result.durationMs,
      error: result.kind === 'sent' ? undefined : result.error,
      providerId: result.kind === 'sent' ? result.providerId : undefined,
    });
    this.#report(email, result, decision, settled);
  }

  #report(email: ClaimedEmail, result: SendResult, decision: EmailDecision, settled: boolean): void {
    // Never the address or the words: the id and kind are enough to find it.
    const log = this.#logger.child({ emailId: email.emailId, kind: email.kind, attempt: email.roundAttempt });
    const error = result.kind === 'sent' ? undefined : result.error;
    if (!settled && decision.kind !== 'delivered') {
      log.warn({ error }, 'the lease ran out during this attempt; the attempt that took over decides what happens next');
      return;
    }
    switch (decision.kind) {
      case 'delivered':
        log.info({ durationMs: result.durationMs }, 'email sent');
        return;
      case 'retry':
        log.warn({ error, retryAt: decision.at.toISOString() }, 'email not sent; will retry');
        return;
      case 'failed': {
        const failed: FailedEmail = { emailId: email.emailId, kind: email.kind, attempts: email.roundAttempt, error: error ?? 'failed' };
        log.error(
          { alert: { type: 'email-failed', ...failed } },
          `ALERT: the ${email.kind} email ${email.emailId} could not be sent after ${email.roundAttempt} attempt(s): ${failed.error}`,
        );
        if (email.kind !== 'operator-alert') this.#o.onFailed?.(failed);
        return;
      }
    }
  }
}
