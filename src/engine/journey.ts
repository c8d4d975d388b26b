import type { Condition, Facts } from './conditions.ts';
import type { Field } from './fields/field.ts';
import type { Request, Response } from 'express';
import type { EngineContext, StepAnswers, SummaryValue, Translator } from './types.ts';

export interface Branch {
  readonly when?: Condition;
  readonly goTo: string;
}
/** Where a step leads: one step, or branches tried in order, the last without a condition. */
export type Next = string | readonly Branch[];

export const when = (condition: Condition, goTo: string): Branch => ({ when: condition, goTo });
export const otherwise = (goTo: string): Branch => ({ goTo });

interface StepBase {
  readonly id: string;
  /** URL segment; defaults to the id. */
  readonly path?: string;
  /** Check-your-answers section and page caption (translation `journey:sections.<section>`). */
  readonly section?: string;
}

/** A page of one or more fields. One field: its label is the page heading. */
export interface QuestionStep extends StepBase {
  readonly kind: 'question';
  readonly fields: readonly Field[];
  readonly next: Next;
  /**
   * A wording variant chosen from earlier answers, for a question that must
   * read right for different people (e.g. by the applicant's role). Every key
   * the page and its check-your-answers rows use is looked up as
   * `<key>_<variant>` first, then as `<key>`.
   */
  readonly wording?: (facts: Facts) => string | undefined;
  /**
   * Fields asked only when a condition on earlier answers holds, by field
   * name (e.g. the agency's name and type, unless the agency was picked from
   * a list on an earlier page). A field that is not asked is not shown,
   * checked, saved, summarised or submitted; at least one field of the step
   * must always be asked.
   */
  readonly askIf?: Readonly<Record<string, Condition>>;
}

/** A page that tells the user something and has a Continue button. */
export interface ContentStep extends StepBase {
  readonly kind: 'content';
  readonly next: Next;
  /** A template under views/ that gets `derived` values; default: title and body from translations. */
  readonly view?: string;
}

/** The end of the road: says why the user cannot go on and where to go instead. */
export interface ExitStep extends StepBase {
  readonly kind: 'exit';
}

export interface CheckAnswersStep extends StepBase {
  readonly kind: 'check-answers';
  /**
   * Paragraphs shown before the declaration (e.g. who will get a copy of the
   * application): translation keys, interpolated with the walk's text values.
   */
  readonly notices?: readonly string[];
}

/** What a custom page's handler can do: everything else stays the engine's (guard, back link, next step). */
export interface CustomPage {
  /** The step's saved answers (empty before the first save). */
  readonly saved: StepAnswers;
  /** The draft id, creating the draft if this is the person's first save. */
  draftId(): Promise<string>;
  /** The draft id if there is one yet. */
  readonly existingDraftId: string | undefined;
  /** Save this step's answers (replacing what was saved). */
  save(value: StepAnswers): Promise<void>;
  /** Redirect to wherever the journey goes next (or back to check-your-answers after a change). */
  proceed(): Promise<void>;
  /** Redirect back to this page (e.g. after adding or removing something). */
  stay(): void;
  /** Locals every journey page gets: pageTitle, backLink, formAction, caption, and `t` for the journey's words. */
  readonly locals: Readonly<Record<string, unknown>>;
  /** The journey's translator: `journey:` keys resolve in the journey's namespace. */
  readonly t: Translator;
  readonly ctx: EngineContext;
}

export type CustomPageHandler = (req: Request, res: Response, page: CustomPage) => Promise<void>;

/**
 * A page the engine cannot express with fields (e.g. file upload with add and
 * remove). It still lives in the journey: the walk asks `isComplete` of its
 * saved answers, and check-your-answers shows its `summarise` rows.
 */
export interface CustomStep extends StepBase {
  readonly kind: 'custom';
  readonly next: Next;
  /** The name under which the saved answers appear in the walk's values (for conditions and submission). */
  readonly valueName: string;
  isComplete(saved: StepAnswers, ctx: EngineContext): boolean;
  summarise(saved: StepAnswers, t: Translator): ReadonlyArray<{ key: string; value: SummaryValue }>;
  readonly handle: CustomPageHandler;
  /** Translation keys the page needs (checked at start-up). */
  readonly translationKeys: readonly string[];
}

export type Step = QuestionStep | ContentStep | ExitStep | CheckAnswersStep | CustomStep;

export type Derivation = (facts: Facts, ctx: EngineContext) => unknown;

/**
 * "Save and come back later", for a journey that asks for it: a secondary
 * button on each question page (and on custom pages that show it) saves what
 * is valid on the page and leads to the journey's save page,
 * `${basePath}/save`. That page, the emailed link and the way back
 * (`${basePath}/return/…`) are the service's (src/save-and-return), mounted
 * for the journeys that ask; the engine only offers the button.
 */
export interface SaveForLater {
  /** A field whose answer the save page offers as the address to send the link to (the person confirms or changes it). */
  readonly emailField?: string;
}

/** Step paths the save-and-return pages take in a journey that asks for them. */
export const SAVE_FOR_LATER_PATHS = ['save', 'return'] as const;

/** The form field the "Save and come back later" button sends. */
export const SAVE_FOR_LATER_FIELD = '_saveForLater';

/** The journey's save page. */
export const saveForLaterUrl = (journey: Pick<Journey, 'basePath'>): string => `${journey.basePath}/save`;

export interface Journey {
  readonly id: string;
  /** Bumped when questions change; stored with drafts and submissions. */
  readonly version: string;
  /** Where the journey is mounted, e.g. '/apply'. */
  readonly basePath: string;
  /**
   * Its locale files' name (src/locales/<lang>/<namespace>.json): keys written
   * `journey:…` resolve there, then in the engine's defaults. Default: the id.
   */
  readonly namespace?: string;
  /**
   * How people arrive. 'start-page' (the default): from the service's start
   * page, which the first step's back link leads to, and the confirmation
   * offers "Start again" (a fresh draft in the same session). 'link': through
   * a link emailed to them, which binds the session to its draft: the first
   * step has no back link, and there is no "Start again" (a fresh draft would
   * belong to no link).
   */
  readonly entry?: 'start-page' | 'link';
  readonly start: string;
  readonly steps: readonly Step[];
  /** Values computed from the answers, usable in conditions and content pages. */
  readonly derive: Readonly<Record<string, Derivation>>;
  /** "Save and come back later" on its pages; without it, the journey has none. */
  readonly saveForLater?: SaveForLater;
}

export function defineJourney<J extends Journey>(journey: J): J {
  return journey;
}

/** Every name a journey's answers go under: its fields' names and its custom steps' value names. */
export function fieldNames(journey: Journey): string[] {
  return journey.steps.flatMap((step) => (step.kind === 'question' ? step.fields.map((f) => f.name) : step.kind === 'custom' ? [step.valueName] : []));
}

/** The fields a question step asks, given the answers before it. */
export function askedFields(step: QuestionStep, facts: Facts): readonly Field[] {
  const { askIf } = step;
  if (!askIf) return step.fields;
  return step.fields.filter((field) => (Object.hasOwn(askIf, field.name) ? askIf[field.name]?.test(facts) !== false : true));
}

export function stepPath(step: Step): string {
  return step.path ?? step.id;
}

export function nextTargets(next: Next): string[] {
  return typeof next === 'string' ? [next] : next.map((b) => b.goTo);
}

export function stepTargets(step: Step): string[] {
  return step.kind === 'question' || step.kind === 'content' || step.kind === 'custom' ? nextTargets(step.next) : [];
}
