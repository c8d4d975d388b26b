import type { RequestHandler, Response } from 'express';

/**
 * What every page reached by an emailed link (the agency's notification link,
 * the applicant's save-and-return link) shares:
 *
 * - `linkPageHeaders`: never cached (the page is someone's own), and the
 *   token in the address never leaves in a Referer header;
 * - `renderLinkNotValid`: one page, one status, for every link that opens
 *   nothing (expired, revoked, used up, tampered, malformed, unknown), so the
 *   page says nothing about whether an application exists.
 *
 * The request log never holds a token: see `redactTokens` in logging.ts.
 */

export const linkPageHeaders: RequestHandler = (_req, res, next) => {
  res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
  next();
};

/** The status of every link that opens nothing. */
export const LINK_NOT_VALID_STATUS = 404;

export function renderLinkNotValid(res: Response): void {
  res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
  res.status(LINK_NOT_VALID_STATUS).render('pages/link-not-valid.njk');
}
