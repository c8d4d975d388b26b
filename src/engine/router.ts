import express, { type Request, type Response } from 'express';
import type { CalendarDate } from '../dates/calendar-date.ts';
import type { CustomPage, CustomStep, Journey, QuestionStep, Step } from './journey.ts';
import { SAVE_FOR_LATER_FIELD, saveForLaterUrl, stepPath } from './journey.ts';
import { questionModel, stepTitle, stepUrl, summarySections } from './page-models.ts';
import { safeReturnPath, withReturn } from './return-path.ts';
import type { Answers, EngineContext, FieldError, Translator } from './types.ts';
import { askedOn, isAnswered, isReachable, previousStep, resolveNext, stepById, walk, type Walk } from './walk.ts';
import { journeyTranslator } from './journey-translator.ts';
import { withWording } from './wording.ts';
import { renewSession } from '../web/session.ts';

import type { SessionData } from 'express-session';

declare module 'express-session' {
  interface SessionData {
    /** Journey id → draft id. The session holds ids only; answers live in the database. */
    drafts?: Record<string, string>;
  }
}

export interface DraftRecord {
  readonly id: string;
  readonly answers: Answers;
  readonly submittedApplicationId: string | null;
}

/** The storage the engine needs; the store module provides it. */
export interface DraftPort {
  create(journeyId: string, journeyVersion: string): Promise<DraftRecord>;
  get(id: string): Promise<DraftRecord | undefined>;
  saveStep(id: string, stepId: string, value: Record<string, unknown>): Promise<DraftRecord>;
}

/** What happens on "Accept and send": the application owns this, the engine only calls it. */
export interface SubmissionPort {
  /** Submits once per draft; a repeat returns the first result. */
  submit(draft: DraftRecord, w: Walk, ctx: EngineContext & { readonly lang: string }): Promise<{ reference: string }>;
  /** The confirmation of an already-submitted draft. */
  confirmation(draft: DraftRecord): Promise<{ reference: string } | undefined>;
}

export interface JourneyRouterDeps {
  readonly journey: Journey;
  readonly drafts: DraftPort;
  readonly submissions: SubmissionPort;
  /** Today's date where the service is (Europe/London). */
  readonly today: () => CalendarDate;
  readonly translator: (req: Request, res: Response) => Translator;
  /** Middleware for every journey page (e.g. Cache-Control: no-store). */
  readonly pageMiddleware?: express.RequestHandler[];
  /** Where the back link of the first step goes. */
  readonly startPageUrl: string;
}

const CONFIRMATION = 'confirmation';
/** The page's error when a form over the size limit has no field of its own to blame (engine:formTooLarge). */
const FORM_TOO_LARGE = 'formTooLarge';

/** The walk's text answers and the journey's text derived values, for interpolating into notices (nunjucks escapes them on output). */
function textValues(journey: Journey, w: Walk): Record<string, string> {
  const derived = Object.keys(journey.derive).map((name) => [name, w.facts.derived(name)] as const);
  return Object.fromEntries([...Object.entries(w.values), ...derived].filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * The HTTP face of a journey: every page is derived from `walk` over the
 * saved draft, so the back link, the jump guard, check-your-answers and the
 * submission always agree.
 */
export function createJourneyRouter(deps: JourneyRouterDeps): express.Router {
  const { journey } = deps;
  const router = express.Router();
  const checkAnswers = journey.steps.find((s) => s.kind === 'check-answers');
  if (!checkAnswers) throw new Error(`Journey '${journey.id}' has no check-answers step`);
  const checkAnswersUrl = stepUrl(journey, checkAnswers);
  const confirmationUrl = `${journey.basePath}/${CONFIRMATION}`;
  const returnTargets = new Set([checkAnswersUrl]);
  const byPath = new Map(journey.steps.map((s) => [stepPath(s), s]));
  const base = journey.basePath;
  const enteredByLink = journey.entry === 'link';

  const ctx = (): EngineContext => ({ today: deps.today() });

  async function loadDraft(req: Request): Promise<DraftRecord | undefined> {
    const id = req.session.drafts?.[journey.id];
    return id ? deps.drafts.get(id) : undefined;
  }

  /**
   * What a new session keeps of the old one: everything (the language, when
   * it started, what a link opened, other journeys' drafts) but the cookie
   * and the CSRF token, with this journey's draft changed.
   */
  const keptOf = (req: Request, draftId: string | undefined): Partial<SessionData> => {
    const { cookie: _cookie, csrfToken: _token, previousCsrfToken: _previous, drafts: _drafts, ...kept } = req.session;
    const drafts = Object.fromEntries(Object.entries(req.session.drafts ?? {}).filter(([journeyId]) => journeyId !== journey.id));
    return { ...kept, drafts: draftId ? { ...drafts, [journey.id]: draftId } : drafts };
  };

  /**
   * The first save of someone without a draft (or whose draft has gone):
   * start one, in a new session, so that a session id seen before the draft
   * existed never opens it.
   */
  async function createDraft(req: Request): Promise<DraftRecord> {
    const draft = await deps.drafts.create(journey.id, journey.version);
    await renewSession(req, keptOf(req, draft.id), { acceptPreviousForms: true });
    return draft;
  }

  function backLinkFor(w: Walk, step: Step): string | undefined {
    const previous = previousStep(w, step.id);
    if (previous) return stepUrl(journey, previous);
    return enteredByLink ? undefined : deps.startPageUrl;
  }

  const namespace = journey.namespace ?? journey.id;
  /** The journey's translator for this request: `journey:` keys in its namespace, with the engine's words as defaults. */
  const translatorFor = (req: Request, res: Response): Translator => journeyTranslator(deps.translator(req, res), namespace);

  /** The page's translator: a question's wording variant, if it has one, chosen from the answers so far. */
  function stepTranslator(req: Request, res: Response, w: Walk, step: Step): Translator {
    const t = translatorFor(req, res);
    return step.kind === 'question' && step.wording ? withWording(t, step.wording(w.facts)) : t;
  }

  function renderStep(
    req: Request,
    res: Response,
    draft: DraftRecord | undefined,
    w: Walk,
    step: Step,
    failed?: { raw: Record<string, unknown>; errors: readonly FieldError[] },
    failedStatus = 422,
  ): void {
    const t = stepTranslator(req, res, w, step);
    const answers = draft?.answers ?? {};
    const common = stepLocals(req, res, w, step);
    switch (step.kind) {
      case 'question': {
        const model = questionModel(step, answers[step.id] ?? {}, t, failed, askedOn(step, w));
        res.status(failed ? failedStatus : 200).render('engine/question.njk', { ...common, ...model });
        return;
      }
      case 'content':
        res
          .status(200)
          .render(step.view ?? 'engine/content.njk', { ...common, derived: w.facts.derived, body: step.view ? undefined : t(`journey:steps.${step.id}.body`) });
        return;
      case 'exit':
        res.status(200).render('engine/exit.njk', { ...common, body: t(`journey:steps.${step.id}.body`) });
        return;
      case 'check-answers':
        res.status(200).render('engine/check-answers.njk', {
          ...common,
          sections: summarySections(journey, w, answers, t, checkAnswersUrl),
          notices: (step.notices ?? []).map((key) => t(key, textValues(journey, w))),
        });
        return;
      case 'custom':
        // Custom steps render themselves (see CustomStep.handle).
        throw new Error(`renderStep called for custom step '${step.id}'`);
    }
  }

  function stepLocals(req: Request, res: Response, w: Walk, step: Step): Record<string, unknown> {
    const t = stepTranslator(req, res, w, step);
    return {
      // Templates translate `journey:` keys in this journey's namespace too.
      t,
      pageTitle: step.kind === 'question' ? stepTitle(step, t, askedOn(step, w)) : stepTitle(step, t),
      backLink: backLinkFor(w, step),
      formAction: withReturn(stepUrl(journey, step), safeReturnPath(req.query.return, returnTargets)),
      caption: step.section ? t(`journey:sections.${step.section}`) : undefined,
      // The button's field name, when the journey offers "Save and come back later" (question and custom pages show it).
      saveForLaterField: journey.saveForLater ? SAVE_FOR_LATER_FIELD : undefined,
      // Where the session-timeout dialog's "Save and come back later" leads on this page.
      saveForLaterUrl: journey.saveForLater ? saveForLaterTarget(step) : undefined,
    };
  }

  /** The save page, knowing which page the person left from (its back link and "continue" go there). */
  function saveForLaterTarget(step: Step): string {
    return `${saveForLaterUrl(journey)}?return=${encodeURIComponent(stepUrl(journey, step))}`;
  }

  /**
   * "Save and come back later" on a question page: the answers on the page
   * that are valid are saved (what Continue would save of them), the rest are
   * not. A page left with a wrong answer must still count as unanswered, so
   * that coming back lands on it: when dropping the wrong answers would make
   * it complete (they were optional), the page's saved answers stay as they were.
   */
  async function saveWhatIsValid(
    req: Request,
    existing: DraftRecord | undefined,
    w: Walk,
    step: QuestionStep,
    body: Record<string, unknown>,
    context: EngineContext,
  ) {
    const value: Record<string, unknown> = {};
    let wrong = false;
    // Only the fields the page shows (askIf), as Continue does.
    for (const field of askedOn(step, w)) {
      const parsed = field.parse(field.readRaw(body), context);
      if (parsed.ok) value[field.name] = parsed.value;
      else wrong = true;
    }
    if (wrong && isAnswered(step, { [step.id]: value }, context, w.facts)) return;
    // Nothing to keep and nowhere to keep it: the save page makes the draft if the person goes on.
    if (!existing && Object.values(value).every((v) => v === undefined)) return;
    const draft = existing ?? (await createDraft(req));
    await deps.drafts.saveStep(draft.id, step.id, value);
  }

  /**
   * A form over the size limit (req.formTooLarge, src/web/form-body.ts): the
   * page again, 413, with what was read of it and the errors of the fields
   * that came (the field the limit cut through is too long for its own
   * maximum, which the limit is set to fit), and nothing saved. Fields that
   * never came are shown empty, not as missing.
   */
  function renderTooLarge(req: Request, res: Response, draft: DraftRecord | undefined, w: Walk, step: QuestionStep, body: Record<string, unknown>): void {
    const context = ctx();
    const sent = Object.keys(body);
    const raw: Record<string, unknown> = {};
    const errors: FieldError[] = [];
    const asked = askedOn(step, w);
    for (const field of asked) {
      raw[field.name] = field.readRaw(body);
      if (!sent.some((name) => name === field.name || name.startsWith(`${field.name}-`))) continue;
      const parsed = field.parse(raw[field.name], context);
      if (!parsed.ok) errors.push(...parsed.errors);
    }
    // Every field that came was fine: something else made the form too large.
    if (errors.length === 0) errors.push({ field: '', code: FORM_TOO_LARGE, href: `#${asked[0]?.name ?? 'main-content'}` });
    renderStep(req, res, draft, w, step, { raw, errors }, 413);
  }

  function customPage(req: Request, res: Response, draft: DraftRecord | undefined, w: Walk, step: CustomStep, context: EngineContext): CustomPage {
    let current = draft;
    return {
      saved: draft?.answers[step.id] ?? {},
      existingDraftId: draft?.id,
      draftId: async () => {
        current = current ?? (await createDraft(req));
        return current.id;
      },
      save: async (value) => {
        current = current ?? (await createDraft(req));
        current = await deps.drafts.saveStep(current.id, step.id, value);
      },
      proceed: async () => {
        const answers = current?.answers ?? {};
        const after = walk(journey, answers, context);
        const returnTo = safeReturnPath(req.query.return, returnTargets);
        if (returnTo) return res.redirect(303, returnTo);
        const nextId = resolveNext(step.next, after.facts);
        res.redirect(303, stepUrl(journey, isReachable(after, nextId) ? stepById(journey, nextId) : after.current));
      },
      stay: () => res.redirect(303, withReturn(stepUrl(journey, step), safeReturnPath(req.query.return, returnTargets))),
      locals: stepLocals(req, res, w, step),
      t: stepTranslator(req, res, w, step),
      ctx: context,
    };
  }

  for (const middleware of deps.pageMiddleware ?? []) router.use(base, middleware);

  router.get(base, async (req, res) => {
    const draft = await loadDraft(req);
    if (draft?.submittedApplicationId) return res.redirect(303, confirmationUrl);
    const w = walk(journey, draft?.answers ?? {}, ctx());
    res.redirect(303, stepUrl(journey, w.current));
  });

  router.get(`${base}/${CONFIRMATION}`, async (req, res) => {
    const draft = await loadDraft(req);
    const confirmation = draft ? await deps.submissions.confirmation(draft) : undefined;
    if (!confirmation) return res.redirect(303, base);
    const t = translatorFor(req, res);
    res.status(200).render('engine/confirmation.njk', {
      t,
      pageTitle: t('journey:confirmation.title'),
      reference: confirmation.reference,
      startAgainAction: enteredByLink ? undefined : `${base}/start-again`,
    });
  });

  // A fresh application after a submitted one: forget the old draft (it stays stored).
  if (!enteredByLink) {
    router.post(`${base}/start-again`, async (req, res) => {
      // A new session without the old draft: whoever had the old one's id reads nothing of it.
      await renewSession(req, keptOf(req, undefined), { acceptPreviousForms: true });
      res.redirect(303, base);
    });
  }

  router.get(`${base}/:page`, async (req, res, next) => {
    const step = byPath.get(req.params.page);
    if (!step) return next();
    const draft = await loadDraft(req);
    if (draft?.submittedApplicationId) return res.redirect(303, confirmationUrl);
    const w = walk(journey, draft?.answers ?? {}, ctx());
    // Check-your-answers after a change that opened a new question: ask it, then come back.
    if (step.kind === 'check-answers' && w.status === 'in-progress' && w.path.length > 0) {
      return res.redirect(303, withReturn(stepUrl(journey, w.current), checkAnswersUrl));
    }
    // No jumping ahead: steps not yet reached send the user to where they are.
    if (!isReachable(w, step.id)) return res.redirect(303, stepUrl(journey, w.current));
    if (step.kind === 'custom') return step.handle(req, res, customPage(req, res, draft, w, step, ctx()));
    renderStep(req, res, draft, w, step);
  });

  router.post(`${base}/:page`, async (req, res, next) => {
    const step = byPath.get(req.params.page);
    if (!step) return next();
    const context = ctx();
    const existing = await loadDraft(req);
    if (existing?.submittedApplicationId) return res.redirect(303, confirmationUrl);
    const before = walk(journey, existing?.answers ?? {}, context);
    if (!isReachable(before, step.id) || step.kind === 'exit') return res.redirect(303, stepUrl(journey, before.current));

    const body = (req.body ?? {}) as Record<string, unknown>;
    // A form over the size limit: only a question page can show it, and nothing of it is saved, whichever button was pressed.
    if (req.formTooLarge) {
      if (step.kind === 'question') return renderTooLarge(req, res, existing, before, step, body);
      throw Object.assign(new Error('form too large for this page'), { status: 413 });
    }
    // "Save and come back later". A custom page keeps its answers as it goes, so there is nothing of it to save here
    // (its uploads are multipart, whose bodies only the page reads: they never come this way).
    if (journey.saveForLater && body[SAVE_FOR_LATER_FIELD] !== undefined) {
      if (step.kind === 'question') await saveWhatIsValid(req, existing, before, step, body, context);
      return res.redirect(303, saveForLaterTarget(step));
    }

    if (step.kind === 'custom') return step.handle(req, res, customPage(req, res, existing, before, step, context));

    if (step.kind === 'check-answers') {
      if (!existing || before.status !== 'ready') return res.redirect(303, stepUrl(journey, before.current));
      await deps.submissions.submit(existing, before, { ...context, lang: translatorFor(req, res).lang });
      // Sent: a new session shows the confirmation; the old session id reads nothing any more.
      await renewSession(req, keptOf(req, existing.id), { acceptPreviousForms: true });
      return res.redirect(303, confirmationUrl);
    }

    let value: Record<string, unknown> = {};
    if (step.kind === 'question') {
      const raw: Record<string, unknown> = {};
      const errors: FieldError[] = [];
      for (const field of askedOn(step, before)) {
        raw[field.name] = field.readRaw(body);
        const parsed = field.parse(raw[field.name], context);
        if (parsed.ok) value[field.name] = parsed.value;
        else errors.push(...parsed.errors);
      }
      if (errors.length > 0) return renderStep(req, res, existing, before, step, { raw, errors });
    } else {
      value = {};
    }

    const draft = existing ?? (await createDraft(req));
    const saved = await deps.drafts.saveStep(draft.id, step.id, value);
    const after = walk(journey, saved.answers, context);
    const returnTo = safeReturnPath(req.query.return, returnTargets);
    if (returnTo) return res.redirect(303, returnTo);
    // Go to the next step in order (not the first unanswered one), so going back and forward reviews each page.
    const nextId = resolveNext(step.next, after.facts);
    const target = isReachable(after, nextId) ? stepById(journey, nextId) : after.current;
    res.redirect(303, stepUrl(journey, target));
  });

  return router;
}
