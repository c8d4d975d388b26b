import type { Request, Response } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import type { Config } from '../config.ts';

/**
 * The CSRF token of a form shown to someone without a session: reading a
 * page must not store a session (issue 10, defect 9), so the session cannot
 * hold the token yet. Instead, a signed double-submit token (csrf-csrf): the
 * page puts a random value, signed with SESSION_SECRET, in a cookie of its
 * own (HttpOnly, SameSite=Strict, `__Host-` in production) and the same
 * value in the form's `_csrf` field; the POST must carry both, equal, with a
 * good signature. Another site can neither read the cookie nor make one the
 * service would accept, so it cannot make a browser send a matching pair.
 * Once the first answer is saved the session exists and keeps its own token
 * (csrf.ts); forms still on the screen with this token keep working.
 */

/** What the signature binds the token to: forms before a session, not any other use of the secret. */
const PURPOSE = 'irm-form-before-session';

export interface PreSessionToken {
  /** The token for the page's forms: the browser's own if it has a good one (so two tabs both work), else a new one, set in its cookie. */
  issue(req: Request, res: Response): string;
  /** The cookie's name. */
  readonly cookieName: string;
  /** Whether the browser sent a form cookie (a page it saw before set it). */
  isHeld(req: Request): boolean;
  /** Whether the form's token equals the browser's cookie and is signed by one of the session secrets. */
  isValid(req: Request): boolean;
}

export type PreSessionConfig = Pick<Config, 'sessionSecrets' | 'isProduction'>;

export const preSessionCookieName = (config: Pick<Config, 'isProduction'>): string => (config.isProduction ? '__Host-irm.form' : 'irm.form');

export function preSessionToken(config: PreSessionConfig, tokenFromRequest: (req: Request) => string | undefined): PreSessionToken {
  const cookieName = preSessionCookieName(config);
  const { generateCsrfToken, validateRequest } = doubleCsrf({
    // The first secret signs; every one of them verifies (rotation, as for the session cookie).
    getSecret: () => [...config.sessionSecrets],
    getSessionIdentifier: () => PURPOSE,
    cookieName,
    // No Max-Age: the cookie lasts while the browser is open, as a page may be read for a long time before it is sent.
    cookieOptions: { httpOnly: true, sameSite: 'strict', path: '/', secure: config.isProduction },
    getCsrfTokenFromRequest: tokenFromRequest,
  });
  return {
    cookieName,
    isHeld: (req) => {
      const held: unknown = (req as { cookies?: Record<string, unknown> }).cookies?.[cookieName];
      return typeof held === 'string' && held !== '';
    },
    issue: (req, res) => generateCsrfToken(req, res),
    // req.cookies is there only once cookie-parser has run (app.ts mounts it before the check).
    isValid: (req) => typeof (req as { cookies?: unknown }).cookies === 'object' && validateRequest(req),
  };
}
