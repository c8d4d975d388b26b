import type { Facts } from './conditions.ts';
import type { Field } from './fields/field.ts';
import { askedFields, type Journey, type Next, type QuestionStep, type Step } from './journey.ts';
import type { Answers, EngineContext } from './types.ts';

export type WalkStatus = 'in-progress' | 'exited' | 'ready';

export interface Walk {
  /** Steps answered (or, for content pages, seen) on the way, in order. */
  readonly path: readonly Step[];
  /** Where the user must be now: the first unanswered step, an exit page or check-your-answers. */
  readonly current: Step;
  readonly status: WalkStatus;
  /** Field values from the steps on the path only: answers on steps a change made unreachable are left out. */
  readonly values: Readonly<Record<string, unknown>>;
  readonly facts: Facts;
  /** The fields each question step on the path, and the current one, asks (see QuestionStep.askIf). */
  readonly asked: ReadonlyMap<string, readonly Field[]>;
}

export function stepById(journey: Journey, id: string): Step {
  const step = journey.steps.find((s) => s.id === id);
  if (!step) throw new Error(`Journey '${journey.id}' has no step '${id}'`);
  return step;
}

function factsOver(journey: Journey, values: Record<string, unknown>, ctx: EngineContext): Facts {
  const facts: Facts = {
    answer: (field) => values[field],
    derived: (name) => {
      const derive = Object.hasOwn(journey.derive, name) ? journey.derive[name] : undefined;
      if (!derive) throw new Error(`Journey '${journey.id}' has no derived value '${name}'`);
      return derive(facts, ctx);
    },
  };
  return facts;
}

export function resolveNext(next: Next, facts: Facts): string {
  if (typeof next === 'string') return next;
  for (const branch of next) {
    if (!branch.when || branch.when.test(facts)) return branch.goTo;
  }
  // Start-up validation guarantees a final branch without a condition.
  throw new Error('No branch matched');
}

/** Whether a step's saved answers are complete and still valid; `facts` are the answers before it. */
export function isAnswered(step: Step, answers: Answers, ctx: EngineContext, facts: Facts): boolean {
  const saved = answers[step.id];
  if (saved === undefined) return false;
  if (step.kind === 'custom') return step.isComplete(saved, ctx);
  if (step.kind !== 'question') return true;
  return askedFields(step, facts).every((field) => {
    const value = saved[field.name];
    return value === undefined ? field.optional : field.accepts(value, ctx);
  });
}

/**
 * Replay the journey from its start over the saved answers. Back links, the
 * jump guard, check-your-answers and the submission all come from this; no
 * visit history is stored.
 */
export function walk(journey: Journey, answers: Answers, ctx: EngineContext): Walk {
  const path: Step[] = [];
  const values: Record<string, unknown> = {};
  const facts = factsOver(journey, values, ctx);
  const asked = new Map<string, readonly Field[]>();
  const seen = new Set<string>();
  let step = stepById(journey, journey.start);
  for (;;) {
    if (seen.has(step.id)) throw new Error(`Journey '${journey.id}' loops at '${step.id}'`);
    seen.add(step.id);
    if (step.kind === 'exit') return { path, current: step, status: 'exited', values, facts, asked };
    if (step.kind === 'check-answers') return { path, current: step, status: 'ready', values, facts, asked };
    // Which fields a step asks depends on the answers before it only: decided here, as the walk reaches it.
    if (step.kind === 'question') asked.set(step.id, askedFields(step, facts));
    if (!isAnswered(step, answers, ctx, facts)) return { path, current: step, status: 'in-progress', values, facts, asked };
    if (step.kind === 'question') {
      const saved = answers[step.id] ?? {};
      for (const field of askedOn(step, { asked, facts })) if (saved[field.name] !== undefined) values[field.name] = saved[field.name];
    }
    if (step.kind === 'custom') values[step.valueName] = answers[step.id];
    path.push(step);
    step = stepById(journey, resolveNext(step.next, facts));
  }
}

/** The fields a question step asks on this walk (all of them, but for those its `askIf` leaves out). */
export function askedOn(step: QuestionStep, w: Pick<Walk, 'asked' | 'facts'>): readonly Field[] {
  return w.asked.get(step.id) ?? askedFields(step, w.facts);
}

/** Steps the user may open now: those on the path and the current one. */
export function isReachable(w: Walk, stepId: string): boolean {
  return w.current.id === stepId || w.path.some((s) => s.id === stepId);
}

/** The step before this one on the path, or undefined for the first step. */
export function previousStep(w: Walk, stepId: string): Step | undefined {
  const index = w.path.findIndex((s) => s.id === stepId);
  if (index === -1) return w.current.id === stepId ? w.path.at(-1) : undefined;
  return index === 0 ? undefined : w.path[index - 1];
}

/** Answers with only the steps on the path, and their asked fields: what check-your-answers shows and what is submitted. */
export function reachableAnswers(w: Walk, answers: Answers): Answers {
  return Object.fromEntries(
    w.path
      .filter((s) => s.kind === 'question')
      .map((s) => {
        const saved = answers[s.id] ?? {};
        return [s.id, Object.fromEntries(askedOn(s, w).flatMap((f) => (Object.hasOwn(saved, f.name) ? [[f.name, saved[f.name]]] : [])))];
      }),
  );
}
