import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Journey } from '../engine/journey.ts';
import { draftDeletionDate } from '../rules/draft-retention.ts';
import type { Draft, DraftRepository } from '../store/drafts.ts';
import { hashedKey, pageRateLimit, type HitCounter } from '../web/rate-limits.ts';
import { noStore } from '../web/security.ts';
import { normaliseEmailAddress, readEmailAddress, type EmailProblem } from './email-address.ts';
import { pageToGoBackTo, saveAndReturnPaths } from './paths.ts';
import type { SendResumeLinkInput, SendResumeLinkResult } from './resume-links.ts';

/**
 * The save page (`${basePath}/save`): the address to send the link to (the
 * applicant's own, if they have given it, to confirm or change), then "Check
 * your email" (`${basePath}/save/sent`), which shows the address the link went
 * to, so that a mistyped one is seen at once and can be sent again.
 *
 * Reached by the "Save and come back later" button (which has saved the
 * page's valid answers) or the session-timeout dialog's link; `?return=` names
 * the page the person left, for the back link and "Continue your application".
 */

declare module 'express-session' {
  interface SessionData {
    /** The outbox id of the last resume-link email sent from this session, for "Check your email". */
    resumeLinkSent?: { journeyId: string; emailId: string };
  }
}

const T = 'saveAndReturn:save.';
const HOUR_MS = 60 * 60_000;

export interface SavePagesDeps {
  readonly journey: Journey;
  readonly drafts: Pick<DraftRepository, 'create' | 'get'>;
  readonly send: (input: SendResumeLinkInput) => Promise<SendResumeLinkResult>;
  /** The address an email in the outbox went to. */
  readonly addressOfEmail: (emailId: string) => Promise<string | undefined>;
  readonly retentionDays: number;
  readonly limits: { readonly linksPerEmailPerHour: number; readonly linksPerIpPerHour: number };
  /** Shared rate-limit counts (the database), so the limits hold across instances. */
  readonly hits?: HitCounter;
  readonly now: () => Date;
}

export function savePages(deps: SavePagesDeps): Router {
  const { journey } = deps;
  const paths = saveAndReturnPaths(journey);
  const router = express.Router();

  async function sessionDraft(req: Request): Promise<Draft | undefined> {
    const id = req.session.drafts?.[journey.id];
    return id ? deps.drafts.get(id) : undefined;
  }

  /** The address the journey has in its answers, to offer on the save page. */
  function suggestedAddress(draft: Draft | undefined): string | undefined {
    const field = journey.saveForLater?.emailField;
    if (!draft || !field) return undefined;
    const step = journey.steps.find((s) => s.kind === 'question' && s.fields.some((f) => f.name === field));
    const value = step ? draft.answers[step.id]?.[field] : undefined;
    return typeof value === 'string' ? value : undefined;
  }

  const withReturn = (path: string, back: string | undefined): string => (back ? `${path}?return=${encodeURIComponent(back)}` : path);

  function renderSave(req: Request, res: Response, email: string | undefined, problem?: EmailProblem): void {
    const back = pageToGoBackTo(req.query.return, journey.basePath);
    const errorText = problem ? req.t(`${T}errors.${problem}`) : undefined;
    res.status(problem ? 422 : 200).render('save-and-return/save.njk', {
      backLink: back ?? journey.basePath,
      formAction: withReturn(paths.save, back),
      email,
      // Sending the link restarts the deletion clock: this is the day it will say.
      deleteOn: draftDeletionDate(deps.now(), deps.retentionDays),
      errorList: errorText ? [{ text: errorText, href: '#email' }] : undefined,
      emailError: errorText ? { text: errorText } : undefined,
    });
  }

  const emailKey = (req: Request): string | undefined => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const read = readEmailAddress(body.email);
    return read.ok ? hashedKey(normaliseEmailAddress(read.address)) : undefined;
  };
  const perAddress: RequestHandler = pageRateLimit({
    windowMs: HOUR_MS,
    limit: deps.limits.linksPerEmailPerHour,
    key: emailKey,
    hits: deps.hits,
    name: 'resume-links-per-email',
  });
  const perClient: RequestHandler = pageRateLimit({ windowMs: HOUR_MS, limit: deps.limits.linksPerIpPerHour, hits: deps.hits, name: 'resume-links-per-ip' });

  router.use([paths.save, paths.sent], noStore);

  router.get(paths.save, async (req, res) => {
    const draft = await sessionDraft(req);
    if (draft?.submittedApplicationId) return res.redirect(303, journey.basePath);
    renderSave(req, res, suggestedAddress(draft));
  });

  router.post(paths.save, perClient, perAddress, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const read = readEmailAddress(body.email);
    if (!read.ok) return renderSave(req, res, typeof body.email === 'string' ? body.email : undefined, read.problem);

    let draft = await sessionDraft(req);
    if (draft?.submittedApplicationId) return res.redirect(303, journey.basePath);
    if (!draft) {
      // Nothing answered yet (the first page, or a session whose draft has gone): a link to an empty application still brings the person back.
      draft = await deps.drafts.create(journey.id, journey.version);
      req.session.drafts = { ...req.session.drafts, [journey.id]: draft.id };
    }
    const result = await deps.send({ draftId: draft.id, to: read.address, language: req.lang, returnBase: paths.returnBase, now: deps.now() });
    if (!result.sent) return res.redirect(303, journey.basePath);
    req.session.resumeLinkSent = { journeyId: journey.id, emailId: result.emailId };
    res.redirect(303, withReturn(paths.sent, pageToGoBackTo(req.query.return, journey.basePath)));
  });

  router.get(paths.sent, async (req, res) => {
    const back = pageToGoBackTo(req.query.return, journey.basePath);
    const sent = req.session.resumeLinkSent;
    const draft = await sessionDraft(req);
    const address = sent?.journeyId === journey.id ? await deps.addressOfEmail(sent.emailId) : undefined;
    if (!draft || draft.submittedApplicationId || address === undefined) return res.redirect(303, withReturn(paths.save, back));
    res.render('save-and-return/sent.njk', {
      address,
      deleteOn: draftDeletionDate(draft.updatedAt, deps.retentionDays),
      sendAgainUrl: withReturn(paths.save, back),
      continueUrl: back ?? journey.basePath,
    });
  });

  return router;
}
