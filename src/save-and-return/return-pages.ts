import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { Journey } from '../engine/journey.ts';
import type { Queryable } from '../store/database.ts';
import type { DraftRetentionRepository } from '../store/draft-retention.ts';
import type { CheckResult } from '../store/link-tokens.ts';
import { linkPageHeaders, renderLinkNotValid } from '../web/link-pages.ts';
import { pageRateLimit, type HitCounter } from '../web/rate-limits.ts';
import { renewSession } from '../web/session.ts';
import { normaliseEmailAddress, readEmailAddress, type EmailProblem } from './email-address.ts';
import { saveAndReturnPaths } from './paths.ts';
import type { OpenedLink } from './resume-links.ts';

/**
 * The emailed link, `${basePath}/return/<token>`. Opening it (a GET, which
 * mail scanners do first) changes nothing: it shows "Continue your
 * application" and asks for the email address the link was sent to. Only a
 * POST with the right address redeems it: a new session (the old session id
 * is never reused), holding the draft, and on to the first unanswered step.
 * Wrong addresses are counted on the token; at RESUME_CHECK_MAX_ATTEMPTS the
 * link stops working. Every link that opens nothing gets the same page and
 * status (src/web/link-pages.ts); the token is redacted from the request log.
 */

const T = 'saveAndReturn:return.';
const HOUR_MS = 60 * 60_000;

export interface ReturnPagesDeps {
  readonly journey: Journey;
  readonly db: Queryable;
  readonly open: (token: unknown, now: Date) => Promise<OpenedLink | undefined>;
  readonly check: (tokenId: string, answer: string, now: Date) => Promise<CheckResult>;
  readonly retention: Pick<DraftRetentionRepository, 'touch'>;
  /** Opening links and answering their check, per client address, per hour. */
  readonly opensPerIpPerHour: number;
  /** Shared rate-limit counts (the database), so the limit holds across instances. */
  readonly hits?: HitCounter;
  readonly now: () => Date;
  readonly logger?: Logger;
}

type Failure = { readonly problem: EmailProblem } | { readonly problem: 'wrong'; readonly attemptsLeft: number };

export function returnPages(deps: ReturnPagesDeps): Router {
  const { journey } = deps;
  const path = `${saveAndReturnPaths(journey).returnBase}/:token`;
  const router = express.Router();
  const limit = pageRateLimit({ windowMs: HOUR_MS, limit: deps.opensPerIpPerHour, hits: deps.hits, name: 'resume-link-opens-per-ip' });

  function renderCheck(req: Request, res: Response, email?: string, failure?: Failure): void {
    const errorText = failure ? req.t(`${T}errors.${failure.problem}`) : undefined;
    res.status(failure ? 422 : 200).render('save-and-return/return.njk', {
      // The form posts back to the link itself; the page's Referrer-Policy keeps the address to this site.
      formAction: req.path,
      email,
      attemptsLeft: failure?.problem === 'wrong' ? failure.attemptsLeft : undefined,
      errorList: errorText ? [{ text: errorText, href: '#email' }] : undefined,
      emailError: errorText ? { text: errorText } : undefined,
    });
  }

  router.use(path, linkPageHeaders, limit);

  router.get(path, async (req, res) => {
    const opened = await deps.open(req.params.token, deps.now());
    if (!opened) return renderLinkNotValid(res);
    renderCheck(req, res);
  });

  router.post(path, async (req, res) => {
    const now = deps.now();
    const opened = await deps.open(req.params.token, now);
    if (!opened) return renderLinkNotValid(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const typed = typeof body.email === 'string' ? body.email : undefined;
    const read = readEmailAddress(body.email);
    // Something that is not an address at all cannot be the right one: asked again, not counted.
    if (!read.ok) return renderCheck(req, res, typed, { problem: read.problem });

    const result = await deps.check(opened.token.id, normaliseEmailAddress(read.address), now);
    if (result.outcome === 'wrong') return renderCheck(req, res, typed, { problem: 'wrong', attemptsLeft: result.attemptsLeft });
    if (result.outcome === 'locked') {
      deps.logger?.warn({ linkTokenId: opened.token.id }, 'resume link stopped after too many wrong answers to its check');
      return res.status(403).render('save-and-return/locked.njk', { startUrl: journey.basePath });
    }

    // Coming back restarts the draft's deletion clock; a draft submitted a moment ago opens nothing.
    if (!(await deps.retention.touch(deps.db, opened.draft.id, now))) return renderLinkNotValid(res);
    const lang = req.lang;
    // A new session for the person who came back: never the one the link was opened in.
    await renewSession(req, { drafts: { [journey.id]: opened.draft.id }, lang });
    res.redirect(303, journey.basePath);
  });

  return router;
}
