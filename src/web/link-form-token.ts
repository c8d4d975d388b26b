import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * The CSRF defence of a page reached from an emailed link (the agency's
 * start page): opening the link must not start a session (mail scanners open
 * links first, and a GET never changes anything), so there is no session to
 * hold the usual CSRF token. Instead, a double-submit token: the GET puts a
 * random value in a cookie of its own (HttpOnly, SameSite=Strict, so it never
 * rides on another site's request) and the same value in the form; the POST
 * must carry both, equal. Another site can neither read the cookie nor set
 * it, so it cannot make a browser send a matching pair: someone else's link
 * cannot be redeemed in this browser behind the person's back.
 *
 * The app-wide CSRF check leaves these forms to this one (CsrfOptions.linkForms).
 */

/** The form field that carries the token. */
export const LINK_FORM_FIELD = '_link';

/** How long a start page may stay open before pressing its button. */
const MAX_AGE_MS = 2 * 60 * 60 * 1000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

// `__Host-`: the browser refuses the cookie unless it is Secure, host-only and Path=/, so no other host can plant one.
const cookieName = (req: Request): string => (req.secure ? '__Host-irm.link' : 'irm.link');

function cookieValue(req: Request): string | undefined {
  const name = cookieName(req);
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) {
      const value = part.slice(separator + 1).trim();
      return TOKEN_PATTERN.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/**
 * The token for the page's form: the browser's own if it has one (so two
 * tabs with start pages both work), else a new one, set in its cookie.
 */
export function issueLinkFormToken(req: Request, res: Response): string {
  const token = cookieValue(req) ?? randomBytes(16).toString('base64url');
  res.cookie(cookieName(req), token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', maxAge: MAX_AGE_MS });
  return token;
}

/** Whether the form's token matches the browser's cookie. */
export function isLinkFormTokenValid(req: Request): boolean {
  const body: unknown = req.body;
  const sent = body !== null && typeof body === 'object' && LINK_FORM_FIELD in body ? (body as Record<string, unknown>)[LINK_FORM_FIELD] : undefined;
  const kept = cookieValue(req);
  if (typeof sent !== 'string' || !TOKEN_PATTERN.test(sent) || kept === undefined) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(kept));
}

/** Once the link is redeemed the session's own CSRF token takes over: the cookie is no longer needed. */
export function clearLinkFormToken(req: Request, res: Response): void {
  res.clearCookie(cookieName(req), { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}
