import { fieldKey } from './fields/field.ts';
import { titleKey } from './page-models.ts';
import { SAVE_FOR_LATER_PATHS, stepPath, stepTargets, type Journey, type Step } from './journey.ts';

export class JourneyDefinitionError extends Error {
  constructor(
    journeyId: string,
    readonly problems: readonly string[],
  ) {
    super(`Journey '${journeyId}' is not valid:\n- ${problems.join('\n- ')}`);
    this.name = 'JourneyDefinitionError';
  }
}

/** Checks that a translation exists in one language. */
export type HasTranslation = (lang: string, key: string) => boolean;

/** Translation keys a step needs for its page to be complete. */
export function requiredKeys(step: Step): string[] {
  const keys: string[] = [];
  const titled = step.kind !== 'question' || step.fields.length !== 1;
  if (titled) keys.push(titleKey(step));
  if (step.kind === 'exit' || (step.kind === 'content' && !step.view)) keys.push(`journey:steps.${step.id}.body`);
  if (step.section) keys.push(`journey:sections.${step.section}`);
  if (step.kind === 'custom') keys.push(...step.translationKeys);
  if (step.kind === 'check-answers') keys.push(...(step.notices ?? []));
  if (step.kind === 'question') {
    for (const field of step.fields) {
      keys.push(fieldKey(field.name, 'label'));
      keys.push(...field.errorCodes.map((code) => fieldKey(field.name, `errors.${code}`)));
      keys.push(...field.extraKeys);
    }
  }
  return keys;
}

function findCycle(journey: Journey, byId: Map<string, Step>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    const step = byId.get(id);
    for (const target of step ? stepTargets(step) : []) {
      const cycle = visit(target);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  return visit(journey.start);
}

/**
 * Everything that would otherwise break at run time on some rare path:
 * dangling targets, unreachable steps, loops, branches with no fallback,
 * repeated names and missing translations. Run at start-up.
 */
export function validateJourney(journey: Journey, opts: { languages: readonly string[]; hasTranslation: HasTranslation }): void {
  const problems: string[] = [];
  const byId = new Map<string, Step>();
  const paths = new Set<string>();
  const fieldNames = new Map<string, string>();
  for (const step of journey.steps) {
    if (byId.has(step.id)) problems.push(`step '${step.id}': id used twice`);
    byId.set(step.id, step);
    const path = stepPath(step);
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(path)) problems.push(`step '${step.id}': path '${path}' must be lower-case words joined by hyphens`);
    if (paths.has(path)) problems.push(`step '${step.id}': path '${path}' used twice`);
    paths.add(path);
    if (step.kind === 'question') {
      if (step.fields.length === 0) problems.push(`step '${step.id}': a question step needs at least one field`);
      for (const field of step.fields) {
        const owner = fieldNames.get(field.name);
        if (owner) problems.push(`step '${step.id}': field '${field.name}' is already asked on step '${owner}'`);
        fieldNames.set(field.name, step.id);
      }
    }
  }
  if (!byId.has(journey.start)) problems.push(`start step '${journey.start}' does not exist`);

  for (const step of journey.steps) {
    if (step.kind === 'custom') {
      const owner = fieldNames.get(step.valueName);
      if (owner) problems.push(`step '${step.id}': value name '${step.valueName}' is already a field on step '${owner}'`);
      fieldNames.set(step.valueName, step.id);
    }
  }
  for (const step of journey.steps) {
    if (step.kind !== 'question' || !step.askIf) continue;
    const own = new Set(step.fields.map((f) => f.name));
    for (const [name, condition] of Object.entries(step.askIf)) {
      if (!own.has(name)) problems.push(`step '${step.id}': askIf names '${name}', which is not one of its fields`);
      for (const field of condition.fields) {
        if (own.has(field))
          problems.push(`step '${step.id}': whether '${name}' is asked depends on '${field}', on the same page (it must be an earlier answer)`);
        else if (!fieldNames.has(field)) problems.push(`step '${step.id}': askIf uses field '${field}', which no step asks`);
      }
      for (const derivedName of condition.derivedNames) {
        if (!Object.hasOwn(journey.derive, derivedName)) problems.push(`step '${step.id}': askIf uses derived value '${derivedName}', which is not defined`);
      }
    }
    if (step.fields.every((f) => Object.hasOwn(step.askIf ?? {}, f.name)))
      problems.push(`step '${step.id}': every field has an askIf: one must always be asked`);
  }
  for (const step of journey.steps) {
    if (step.kind === 'question' || step.kind === 'content' || step.kind === 'custom') {
      for (const target of stepTargets(step)) {
        if (!byId.has(target)) problems.push(`step '${step.id}': goes to '${target}', which does not exist`);
      }
      if (typeof step.next !== 'string') {
        const last = step.next.at(-1);
        if (!last || last.when) problems.push(`step '${step.id}': the last branch must have no condition, so every answer leads somewhere`);
        for (const branch of step.next) {
          for (const field of branch.when?.fields ?? []) {
            if (!fieldNames.has(field)) problems.push(`step '${step.id}': a condition uses field '${field}', which no step asks`);
          }
          for (const name of branch.when?.derivedNames ?? []) {
            if (!Object.hasOwn(journey.derive, name)) problems.push(`step '${step.id}': a condition uses derived value '${name}', which is not defined`);
          }
        }
      }
    }
  }

  if (byId.has(journey.start)) {
    const reached = new Set<string>();
    const queue = [journey.start];
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      if (reached.has(id)) continue;
      reached.add(id);
      const step = byId.get(id);
      if (step) queue.push(...stepTargets(step));
    }
    for (const step of journey.steps) if (!reached.has(step.id)) problems.push(`step '${step.id}': cannot be reached from the start`);
    const cycle = findCycle(journey, byId);
    if (cycle) problems.push(`step '${cycle[0] ?? ''}': the journey loops (${cycle.join(' → ')})`);
  }
  if (!journey.steps.some((s) => s.kind === 'check-answers')) problems.push('the journey has no check-answers step');
  if (journey.saveForLater) {
    for (const path of SAVE_FOR_LATER_PATHS) if (paths.has(path)) problems.push(`path '${path}' is the save-and-return page's, so no step may use it`);
    const { emailField } = journey.saveForLater;
    const asked = emailField === undefined ? undefined : journey.steps.find((s) => s.kind === 'question' && s.fields.some((f) => f.name === emailField));
    if (emailField !== undefined && !asked) problems.push(`save for later: the email field '${emailField}' is not a field of any question`);
  }

  for (const step of journey.steps) {
    for (const key of requiredKeys(step)) {
      for (const lang of opts.languages) {
        if (!opts.hasTranslation(lang, key)) problems.push(`step '${step.id}': no ${lang} translation for '${key}'`);
      }
    }
  }
  if (problems.length > 0) throw new JourneyDefinitionError(journey.id, problems);
}
