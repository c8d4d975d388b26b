import type { Condition, Facts } from './conditions.ts';
import type { Field } from './fields/field.ts';
import type { EngineContext } from './types.ts';

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
}

export type Step = QuestionStep | ContentStep | ExitStep | CheckAnswersStep;

export type Derivation = (facts: Facts, ctx: EngineContext) => unknown;

export interface Journey {
  readonly id: string;
  /** Bumped when questions change; stored with drafts and submissions. */
  readonly version: string;
  /** Where the journey is mounted, e.g. '/apply'. */
  readonly basePath: string;
  readonly start: string;
  readonly steps: readonly Step[];
  /** Values computed from the answers, usable in conditions and content pages. */
  readonly derive: Readonly<Record<string, Derivation>>;
}

export function defineJourney<J extends Journey>(journey: J): J {
  return journey;
}

export function stepPath(step: Step): string {
  return step.path ?? step.id;
}

export function nextTargets(next: Next): string[] {
  return typeof next === 'string' ? [next] : next.map((b) => b.goTo);
}

export function stepTargets(step: Step): string[] {
  return step.kind === 'question' || step.kind === 'content' ? nextTargets(step.next) : [];
}
