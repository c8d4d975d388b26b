import type { Request, RequestHandler } from 'express';
import session, { type SessionData } from 'express-session';
import type { Config } from '../config.ts';
import { previousCsrfToken } from './csrf.ts';

/**
 * The session holds only small ids (draft id, language, CSRF token); answers
 * live in the database. The store is passed in: the database-backed one in the
 * running service, express-session's MemoryStore in tests.
 */

/** `__Host-` makes the browser refuse the cookie unless it is Secure, host-only and path=/. */
export const sessionCookieName = (config: Pick<Config, 'isProduction'>): string => (config.isProduction ? '__Host-irm.sid' : 'irm.sid');

export function sessionMiddleware(config: Config, store: session.Store): RequestHandler {
  return session({
    name: sessionCookieName(config),
    secret: config.sessionSecrets,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: config.isProduction,
      maxAge: config.sessionMaxAgeMinutes * 60_000,
    },
  });
}

/**
 * A new session id in place of the request's (the old one reads nothing any
 * more), holding only what `carry` gives. Called when what the session opens
 * changes: a draft is made, an application is sent, a person starts again,
 * a link is redeemed. Someone who had the old cookie gets nothing.
 * `acceptPreviousForms`: the new session accepts the old one's forms for a
 * couple of minutes (PREVIOUS_TOKEN_GRACE_MS), for the person's own pages.
 */
export function renewSession(req: Request, carry: Partial<SessionData>, options: { acceptPreviousForms?: boolean } = {}): Promise<void> {
  // Forms already on the person's screen (a second press, the back button) still work for a moment.
  const previous = options.acceptPreviousForms ? previousCsrfToken(req) : {};
  return new Promise((resolve, reject) => {
    req.session.regenerate((error: unknown) => {
      if (error) {
        reject(error instanceof Error ? error : new Error('the session could not be renewed'));
        return;
      }
      Object.assign(req.session, carry, previous);
      resolve();
    });
  });
}
