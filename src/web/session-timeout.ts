import cookieParser from 'cookie-parser';
import express, { type Request, type RequestHandler, type Router } from 'express';
import type session from 'express-session';
import type { Config } from '../config.ts';
import { hasSessionCsrfToken } from './csrf.ts';
import { isLanguage, localise, requestedLanguage, type Language } from './i18n.ts';
import { sessionCookieName } from './session.ts';
import { isStoredSession } from './stored-session.ts';

/**
 * The session's time limits, and what a person meets around them:
 *
 * - idle: the session ends SESSION_MAX_AGE_MINUTES after the last request
 *   (express-session's rolling expiry, session.ts);
 * - absolute: a session older than SESSION_ABSOLUTE_HOURS ends however active
 *   it is (enforced here: the session remembers when it started);
 * - each page with a form says how long the session lasts, and carries the
 *   seconds it has left for the warning dialog (public/javascripts/session-timeout.mjs),
 *   which asks /session/status (which never extends a session) before it warns
 *   or gives up, so that another tab's activity counts, and a GET of
 *   /session/extend when the person chooses to stay;
 * - when a session has ended, the person sees /session-expired in their
 *   language, including when they send a form (never the bare CSRF refusal).
 */

export const SESSION_PATHS = {
  expired: '/session-expired',
  extend: '/session/extend',
  status: '/session/status',
  comeBackLater: '/session/come-back-later',
} as const;

declare module 'express-session' {
  interface SessionData {
    /** When the session started (ms since the epoch), for the absolute limit. */
    startedAt?: number;
  }
}

export type SessionTimeoutConfig = Pick<Config, 'sessionMaxAgeMinutes' | 'sessionAbsoluteHours' | 'sessionWarningSeconds' | 'sessionSecrets' | 'isProduction'>;

export interface SessionTimeoutOptions {
  readonly config: SessionTimeoutConfig;
  /** The session store the session middleware uses: /session/status reads it directly. */
  readonly store: session.Store;
  /** The clock for the absolute limit; tests pass a fake one. */
  readonly now?: () => Date;
  /**
   * How far the stored expiry may lag behind the cookie's: the store writes a
   * new expiry only when it moves by more than this (SessionStore's
   * touchAfterMs). Pages count the time left from the earlier one.
   */
  readonly expirySlackMs?: number;
  /** Where "Continue your application" leads from the come-back-later page when no page is named. */
  readonly applyPath: string;
}

/** What the page templates get in `sessionTimeout` (views/partials/session-timeout.njk; typed in express.d.ts). */
export interface SessionTimeoutLocals {
  readonly idleMinutes: number;
  /**
   * Whether there is a session to end: a page shown to someone who has saved
   * nothing yet says how long a session lasts, but has no warning dialog, as
   * no session is running out (its form works however long it stays open).
   */
  readonly hasSession: boolean;
  readonly warningSeconds: number;
  readonly warningMinutes: number;
  readonly secondsLeft: number;
  readonly extendUrl: string;
  readonly statusUrl: string;
  readonly expiredUrl: string;
  readonly comeBackLaterUrl: string;
}

export const expiredUrl = (lang: Language): string => `${SESSION_PATHS.expired}?lang=${lang}`;

/**
 * The language of a request whose session may have gone: the query, then the
 * `_lang` every form carries (views/partials/csrf-field.njk), then the session.
 */
export function languageOfForm(req: Request): Language {
  if (isLanguage(req.query.lang)) return requestedLanguage(req);
  const body: unknown = req.body;
  if (body !== null && typeof body === 'object' && '_lang' in body && isLanguage(body._lang)) return body._lang;
  return requestedLanguage(req);
}

/** Only a path on this site: '//host' and '/\\host' would leave it. */
const isLocalPath = (value: unknown): value is string => typeof value === 'string' && /^\/[A-Za-z0-9\-._~/]*$/.test(value) && !value.startsWith('//');

export interface SessionTimeout {
  /** After the session middleware: ends a session past the absolute limit; stamps when a session started. */
  readonly enforceAbsoluteLimit: RequestHandler;
  /** /session-expired and /session/status: before the session middleware, so they never start or extend a session. */
  readonly beforeSession: Router;
  /** /session/extend and /session/come-back-later: after i18n, before the CSRF token is issued. */
  readonly routes: Router;
  /** After the CSRF token is issued: res.locals.sessionTimeout for the pages' templates. */
  readonly locals: RequestHandler;
}

export function sessionTimeout(options: SessionTimeoutOptions): SessionTimeout {
  const { config } = options;
  const now = options.now ?? (() => new Date());
  const idleMs = config.sessionMaxAgeMinutes * 60_000;
  const absoluteMs = config.sessionAbsoluteHours * 60 * 60_000;
  const slackMs = options.expirySlackMs ?? 0;

  /** Seconds the session has left once this request has moved its expiry on (at least). */
  function secondsLeft(req: Request): number {
    const started = req.session.startedAt ?? now().getTime();
    const untilAbsolute = started + absoluteMs - now().getTime();
    return Math.max(0, Math.floor(Math.min(idleMs - slackMs, untilAbsolute) / 1000));
  }

  const enforceAbsoluteLimit: RequestHandler = (req, res, next) => {
    const started = req.session.startedAt;
    if (started === undefined) {
      // Only a stored session (one that has something in it) is stamped, once, on its next request:
      // stamping an empty one would store a session for someone who has only read a page.
      if (isStoredSession(req)) req.session.startedAt = now().getTime();
      next();
      return;
    }
    if (now().getTime() - started < absoluteMs) {
      next();
      return;
    }
    const lang = requestedLanguage(req);
    // A fresh, empty session in its place: it is saved only if something is put in it.
    req.session.regenerate((error: unknown) => {
      if (error) {
        next(error);
        return;
      }
      res.set('Cache-Control', 'no-store');
      res.redirect(303, expiredUrl(lang));
    });
  };

  const beforeSession = express.Router();
  const cookieName = sessionCookieName(config);
  // How long the session has left, read from the store without touching it.
  beforeSession.get(SESSION_PATHS.status, cookieParser(config.sessionSecrets), (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    const signed = req.signedCookies as Record<string, unknown>;
    const sid = signed[cookieName];
    if (typeof sid !== 'string') {
      res.json({ secondsLeft: 0 });
      return;
    }
    options.store.get(sid, (error: unknown, stored?: session.SessionData | null) => {
      if (error) {
        next(error);
        return;
      }
      // As the store kept it: a Date, or its ISO string once through JSON.
      const { expires: storedExpires } = (stored?.cookie ?? {}) as { expires?: unknown };
      const expires = storedExpires instanceof Date || typeof storedExpires === 'string' ? new Date(storedExpires).getTime() : Number.NaN;
      const started = stored?.startedAt ?? now().getTime();
      const ms = Math.min(expires - now().getTime(), started + absoluteMs - now().getTime());
      res.json({ secondsLeft: Number.isFinite(ms) ? Math.max(0, Math.floor(ms / 1000)) : 0 });
    });
  });
  beforeSession.get(SESSION_PATHS.expired, (req, res) => {
    localise(req, res, requestedLanguage(req));
    res.set('Cache-Control', 'no-store');
    res.render('pages/session-expired', { idleMinutes: config.sessionMaxAgeMinutes, absoluteHours: config.sessionAbsoluteHours });
  });

  const routes = express.Router();
  // "Stay on this page": a GET that changes nothing but the expiry (the rolling
  // session moves it on), so it needs no CSRF token.
  routes.get(SESSION_PATHS.extend, (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json({ secondsLeft: hasSessionCsrfToken(req) ? secondsLeft(req) : 0 });
  });
  routes.get(SESSION_PATHS.comeBackLater, (req, res) => {
    const returnTo = req.query.return;
    res.render('pages/come-back-later', {
      idleMinutes: config.sessionMaxAgeMinutes,
      continueUrl: isLocalPath(returnTo) ? returnTo : options.applyPath,
    });
  });

  const locals: RequestHandler = (req, res, next) => {
    res.locals.sessionTimeout = {
      idleMinutes: config.sessionMaxAgeMinutes,
      hasSession: isStoredSession(req),
      warningSeconds: config.sessionWarningSeconds,
      warningMinutes: Math.max(1, Math.round(config.sessionWarningSeconds / 60)),
      secondsLeft: secondsLeft(req),
      extendUrl: SESSION_PATHS.extend,
      statusUrl: SESSION_PATHS.status,
      expiredUrl: expiredUrl(req.lang),
      comeBackLaterUrl: `${SESSION_PATHS.comeBackLater}?return=${encodeURIComponent(req.path)}`,
    };
    next();
  };

  return { enforceAbsoluteLimit, beforeSession, routes, locals };
}
