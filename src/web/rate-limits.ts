import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';

/**
 * Limits on what a person (or a script) may do in a window of time, with a
 * GOV.UK-style page when they reach it: sending links, redeeming them,
 * answering a link's check. Counted per process for now.
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
    handler: (_req, res) => {
      res.set('Cache-Control', 'no-store');
      res.status(429).render('pages/too-many-requests.njk', { minutes: Math.max(1, Math.ceil(options.windowMs / 60_000)) });
    },
  });
}
