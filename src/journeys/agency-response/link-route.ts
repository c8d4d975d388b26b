import express, { type Request, type RequestHandler, type Router } from 'express';
import { clearLinkFormToken, isLinkFormTokenValid, issueLinkFormToken, LINK_FORM_FIELD } from '../../web/link-form-token.ts';
import { linkPageHeaders, renderLinkNotValid } from '../../web/link-pages.ts';
import { pageRateLimit } from '../../web/rate-limits.ts';
import { languageOfForm } from '../../web/session-timeout.ts';
import { renewSession } from '../../web/session.ts';
import type { AgencyResponsePort } from '../ports.ts';
import { caseView } from './case-view.ts';
import { AGENCY_LINK_PATH } from './paths.ts';

/**
 * The link in the agency's email, `/respond/<token>`, and the guard on the
 * journey's pages.
 *
 * - GET shows a start page and changes nothing: no session, no use of the
 *   token (mail scanners open links before people do). A link that opens
 *   nothing (expired, revoked, already used to send the response, tampered,
 *   malformed, unknown) gets the one "link does not work" page.
 * - Pressing Start (a POST, with the link form token as its CSRF defence)
 *   opens the link: the notification's response draft (the same one every
 *   time), a new session (regenerated, so no session from before carries
 *   over) bound to it, and on into the journey. The link keeps working, for
 *   coming back to the answers, until the response is sent.
 * - The journey's pages refuse any session that has not opened a link.
 */

declare module 'express-session' {
  interface SessionData {
    /** Set when an agency's link is opened: the notification and its response draft. */
    agencyResponse?: { notificationId: string; draftId: string };
  }
}

export const LINK_PATH = AGENCY_LINK_PATH;

export interface LinkRouteDeps {
  readonly responses: AgencyResponsePort;
  readonly journey: { readonly id: string; readonly version: string; readonly basePath: string };
  readonly now: () => Date;
}

const tokenOf = (req: Request): string => (typeof req.params.token === 'string' ? req.params.token : '');

export function agencyLinkRouter(deps: LinkRouteDeps): Router {
  const router = express.Router();
  // Generous for people; a limit for anyone trying tokens by the thousand.
  router.use(LINK_PATH, linkPageHeaders, pageRateLimit({ windowMs: 60_000, limit: 120 }));

  router.get(`${LINK_PATH}/:token`, async (req, res) => {
    const found = await deps.responses.findByLink(tokenOf(req), deps.now());
    if (!found) {
      renderLinkNotValid(res);
      return;
    }
    res.render('agency-response/start.njk', {
      agencyCase: caseView(found, req.lang),
      formAction: req.path,
      linkField: LINK_FORM_FIELD,
      linkFormToken: issueLinkFormToken(req, res),
    });
  });

  router.post(`${LINK_PATH}/:token`, async (req, res) => {
    // A link that opens nothing gets the same page here as on GET, whatever the form carried.
    if (!(await deps.responses.findByLink(tokenOf(req), deps.now()))) {
      renderLinkNotValid(res);
      return;
    }
    if (!isLinkFormTokenValid(req)) {
      // Not the browser that was shown the page (or the page is hours old): the usual refusal, with the way back.
      res.status(403).render('errors/csrf', { retryPath: req.path });
      return;
    }
    const opened = await deps.responses.openByLink(tokenOf(req), deps.journey, deps.now());
    if (!opened) {
      renderLinkNotValid(res);
      return;
    }
    const lang = languageOfForm(req);
    clearLinkFormToken(req, res);
    await renewSession(req, {
      lang,
      drafts: { [deps.journey.id]: opened.draftId },
      agencyResponse: { notificationId: opened.case.notificationId, draftId: opened.draftId },
    });
    res.redirect(303, deps.journey.basePath);
  });

  return router;
}

/** Forms the link's router checks itself (with the link form token). */
export const isLinkForm = (req: Request): boolean => req.method === 'POST' && req.path.startsWith(`${LINK_PATH}/`);

/**
 * Mounted before the journey's pages: only a session that opened a link, and
 * still holds its draft, gets them, and only while the link may be used (a
 * revoked or expired link closes the session's way in too) or to see the
 * confirmation of the response it sent.
 */
export function agencyPagesGuard(deps: Pick<LinkRouteDeps, 'responses' | 'journey' | 'now'>): Router {
  const guard: RequestHandler = async (req, res, next) => {
    const opened = req.session.agencyResponse;
    if (opened && req.session.drafts?.[deps.journey.id] === opened.draftId && (await deps.responses.isOpen(opened.draftId, deps.now()))) {
      next();
      return;
    }
    renderLinkNotValid(res);
  };
  return express.Router().use(deps.journey.basePath, guard);
}
