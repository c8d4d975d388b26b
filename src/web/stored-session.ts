import type { Request } from 'express';

/**
 * Whether the request's session is one the store holds (or will hold once
 * this request ends): express-session saves a new session only when something
 * is put in it (saveUninitialized: false), so a session with nothing but its
 * cookie is one nobody has needed yet, and nothing may be put in it just for
 * reading a page.
 */
export function isStoredSession(req: Request): boolean {
  // Error pages may run for requests that failed before the session was loaded.
  if (!('session' in req)) return false;
  return Object.keys(req.session).some((key) => key !== 'cookie');
}
