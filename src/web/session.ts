import type { RequestHandler } from 'express';
import session from 'express-session';
import type { Config } from '../config.ts';

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
