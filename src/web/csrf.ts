import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { csrfSync } from 'csrf-sync';
import type { PreSessionToken } from './pre-session-token.ts';
import { isStoredSession } from './stored-session.ts';

/**
 * CSRF protection with the synchroniser token pattern: one secret token kept in
 * the session, echoed by every form in a hidden `_csrf` field (or, for scripts,
 * an `x-csrf-token` header), checked on every POST, PUT, PATCH and DELETE.
 *
 * Multipart (file upload) bodies are not parsed until the upload route runs, so
 * by default they fail the global check: fail closed. An upload route opts in by
 * being named in `deferMultipart` and must then run `validateCsrfToken` (or call
 * `checkCsrfToken`) right after its body parser.
 */

export const CSRF_FIELD = '_csrf';
export const CSRF_ERROR_CODE = 'EBADCSRFTOKEN';

export const tokenFromRequest = (req: Request): string | undefined => {
  const body: unknown = req.body;
  if (body !== null && typeof body === 'object' && CSRF_FIELD in body) {
    const value = (body as Record<string, unknown>)[CSRF_FIELD];
    if (typeof value === 'string') return value;
  }
  const header = req.headers['x-csrf-token'];
  return typeof header === 'string' ? header : undefined;
};

const isMultipart = (req: Request): boolean => typeof req.is('multipart/form-data') === 'string';

export interface CsrfOptions {
  /** Which multipart requests an upload route will check itself (after parsing). */
  deferMultipart?: (req: Request) => boolean;
  /**
   * Forms on pages reached from an emailed link, which must not start a
   * session and so cannot use the session's token: their route checks a
   * link form token instead (link-form-token.ts), and this check leaves them to it.
   */
  linkForms?: (req: Request) => boolean;
  /** The token of forms shown before there was a session; without it, only the session's token is accepted. */
  preSession?: PreSessionToken;
}

const { generateToken, getTokenFromState, revokeToken, isRequestValid, invalidCsrfTokenError } = csrfSync({
  getTokenFromRequest: tokenFromRequest,
  errorConfig: { statusCode: 403, code: CSRF_ERROR_CODE, message: 'invalid csrf token' },
});

declare module 'express-session' {
  interface SessionData {
    /** A renewed session's previous token, still accepted for a short while (see previousCsrfToken). */
    previousCsrfToken?: { token: string; until: number };
  }
}

/** How long a renewed session still accepts forms made for the session it replaced. */
export const PREVIOUS_TOKEN_GRACE_MS = 2 * 60_000;

/**
 * For a session about to be renewed (src/web/session.ts renewSession): its
 * token, to be accepted for a short while by the new one, so that a form sent
 * again (the back button, a second press of "Accept and send") is answered
 * as before rather than as an expired session.
 */
export function previousCsrfToken(req: Request, now: number = Date.now()): { previousCsrfToken?: { token: string; until: number } } {
  const token = getTokenFromState(req);
  return typeof token === 'string' && token !== '' ? { previousCsrfToken: { token, until: now + PREVIOUS_TOKEN_GRACE_MS } } : {};
}

function matchesPreviousToken(req: Request): boolean {
  const previous = 'session' in req ? req.session.previousCsrfToken : undefined;
  const sent = tokenFromRequest(req);
  if (previous === undefined || sent === undefined || Date.now() >= previous.until) return false;
  const [a, b] = [Buffer.from(sent), Buffer.from(previous.token)];
  return a.length === b.length && timingSafeEqual(a, b);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const isValid = (req: Request): boolean => isRequestValid(req) || matchesPreviousToken(req);

/** The app-wide check, mounted before any route. */
export function csrfProtection({ deferMultipart, linkForms, preSession }: CsrfOptions = {}): RequestHandler {
  return (req, res, next) => {
    if (linkForms?.(req)) {
      next();
      return;
    }
    // Deferred only when the session holds a token to check against: without one
    // (the session has ended) the form fails here, before its files are read.
    if (deferMultipart && isMultipart(req) && deferMultipart(req) && hasSessionCsrfToken(req)) {
      next();
      return;
    }
    if (SAFE_METHODS.has(req.method) || isValid(req) || preSession?.isValid(req)) next();
    else next(invalidCsrfTokenError);
  };
}

/** The same check as a function: throws csrf-sync's 403 error when the token is missing or wrong. */
export function checkCsrfToken(req: Request): void {
  if (!isValid(req)) throw invalidCsrfTokenError;
}

/** For a multipart route named in `deferMultipart`: run straight after its body parser. */
export const validateCsrfToken: RequestHandler = (req, _res, next) => {
  if (isValid(req)) next();
  else next(invalidCsrfTokenError);
};

/** Requests whose token issueCsrfToken has just made (none was in the session). */
const freshTokens = new WeakSet<Request>();
/** Requests given a new form cookie (a token before a session): its name. */
const freshCookies = new WeakMap<Request, string>();

/**
 * Puts the form token in res.locals.csrfToken: the session's (making one if
 * needed) when there is a stored session, else, with `preSession`, a token
 * that needs no session, so that showing a form stores nothing. Mounted
 * after the static pages, which have no forms.
 */
export function issueCsrfToken(preSession?: PreSessionToken): RequestHandler {
  return (req, res, next) => {
    if (preSession && !isStoredSession(req)) {
      if (!preSession.isHeld(req)) freshCookies.set(req, preSession.cookieName);
      res.locals.csrfToken = preSession.issue(req, res);
      next();
      return;
    }
    if (!getTokenFromState(req)) freshTokens.add(req);
    res.locals.csrfToken = generateToken(req);
    next();
  };
}

/**
 * Takes back a token this request made but no page used (a 404), so a new
 * session is not saved for it, nor a cookie set: scanners probing for URLs
 * would otherwise fill the session store.
 */
export function withdrawUnusedCsrfToken(req: Request, res: Response): void {
  if (freshTokens.has(req)) revokeToken(req);
  const cookie = freshCookies.get(req);
  const set = res.getHeader('Set-Cookie');
  if (cookie !== undefined && set !== undefined) {
    const kept = (Array.isArray(set) ? set : [String(set)]).filter((header) => !header.startsWith(`${cookie}=`));
    if (kept.length > 0) res.setHeader('Set-Cookie', kept);
    else res.removeHeader('Set-Cookie');
  }
}

/**
 * Whether the request's session holds a CSRF token: every session that has
 * shown a form does, so a POST without one comes from a session that has ended
 * (or from a browser that refuses cookies).
 */
export function hasSessionCsrfToken(req: Request): boolean {
  // The error handler also runs for requests that failed before the session was loaded.
  if (!('session' in req)) return false;
  const token = getTokenFromState(req);
  return typeof token === 'string' && token !== '';
}

export const isCsrfError = (error: unknown): boolean => error !== null && typeof error === 'object' && 'code' in error && error.code === CSRF_ERROR_CODE;
