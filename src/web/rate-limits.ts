import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import { isStoredSession } from './stored-session.ts';

/**
 * Limits on what a person (or a script) may do in a window of time, with a
 * GOV.UK-style page when they reach it: sending links, redeeming them,
 * answering a link’s check, sending forms without a session. Counted per
 * process, or with `hits` in the database across every instance.
 */

export interface PageRateLimitOptions {
  /** The window, in milliseconds. */
  windowMs: number;
  /** Requests allowed in the window for one key. */
  limit: number;
  /**
   * What is counted: by default the client's address (IPv6 by its /56 network).
   * Return undefined to skip counting this request (e.g. a form without the field).
   */
  key?: (req: Request) => string | undefined;
  /** Shared counts (the database), so the limit holds across instances; by default each process counts its own. */
  hits?: HitCounter;
  /** Names the limit's counts among the shared ones (needed with `hits`). */
  name?: string;
}

/** A key that holds no personal data: a SHA-256 of the normalised value, e.g. an email address. */
export const hashedKey = (value: string): string => createHash('sha256').update(value.trim().toLowerCase()).digest('hex');

export const clientAddressKey = (req: Request): string => ipKeyGenerator(req.ip ?? 'unknown');

export function pageRateLimit(options: PageRateLimitOptions): RequestHandler {
  const key = options.key ?? clientAddressKey;
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => key(req) === undefined,
    keyGenerator: (req) => key(req) ?? '',
    ...(options.hits ? { store: sharedRateLimitStore(options.hits, `page-${options.name ?? 'limit'}:`) } : {}),
    handler: (_req, res) => {
      res.set('Cache-Control', 'no-store');
      res.status(429).render('pages/too-many-requests.njk', { minutes: Math.max(1, Math.ceil(options.windowMs / 60_000)) });
    },
  });
}

const HOUR_MS = 60 * 60_000;

/**
 * Forms sent without a session, per client address and hour: each one may
 * start a session and a draft (the first answer), and nothing else limits a
 * script that posts without ever keeping a cookie. Counted before the CSRF
 * check, so refused forms count too; someone with a session is not counted.
 */
export function anonymousPostLimit(options: { perHour: number; hits?: HitCounter }): RequestHandler {
  return pageRateLimit({
    windowMs: HOUR_MS,
    limit: options.perHour,
    key: (req) => (req.method === 'POST' && !isStoredSession(req) ? clientAddressKey(req) : undefined),
    hits: options.hits,
    name: 'anonymous-posts-per-ip',
  });
}

/** The counting a limiter needs (src/store/rate-limit-hits.ts provides it, in the database). */
export interface HitCounter {
  hit(key: string, windowMs: number, now: Date): Promise<{ hits: number; resetAt: Date }>;
  unhit(key: string, windowMs: number, now: Date): Promise<void>;
  get(key: string, windowMs: number, now: Date): Promise<{ hits: number; resetAt: Date }>;
  reset(key: string): Promise<void>;
}

/**
 * An express-rate-limit store over shared counts, so that a limit holds
 * across every instance of the service. One per limiter: `prefix` keeps each
 * limiter's keys apart.
 */
export function sharedRateLimitStore(counter: HitCounter, prefix: string, now: () => Date = () => new Date()): Store {
  let windowMs = 60_000;
  return {
    prefix,
    init(options) {
      windowMs = options.windowMs;
    },
    async increment(key) {
      const { hits, resetAt } = await counter.hit(`${prefix}${key}`, windowMs, now());
      return { totalHits: hits, resetTime: resetAt };
    },
    async decrement(key) {
      await counter.unhit(`${prefix}${key}`, windowMs, now());
    },
    async get(key) {
      const { hits, resetAt } = await counter.get(`${prefix}${key}`, windowMs, now());
      return { totalHits: hits, resetTime: resetAt };
    },
    async resetKey(key) {
      await counter.reset(`${prefix}${key}`);
    },
  };
}
