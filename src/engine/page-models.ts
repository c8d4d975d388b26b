import type { Field, FieldState } from './fields/field.ts';
import type { Journey, QuestionStep, Step } from './journey.ts';
import { stepPath } from './journey.ts';
import { withReturn } from './return-path.ts';
import type { Answers, FieldError, FieldView, Translator } from './types.ts';
import { askedOn, type Walk } from './walk.ts';
import { withWording } from './wording.ts';

export function stepUrl(journey: Journey, step: Step): string {
  return `${journey.basePath}/${stepPath(step)}`;
}

/** Where a journey's question pages are: the pages whose forms the engine reads. */
export function questionPageUrls(journey: Journey): string[] {
  return journey.steps.filter((step) => step.kind === 'question').map((step) => stepUrl(journey, step));
}

/** A page's title; for a question, `asked` are the fields it asks this time (see QuestionStep.askIf). */
export function stepTitle(step: Step, t: Translator, asked: readonly Field[] = step.kind === 'question' ? step.fields : []): string {
  if (step.kind === 'question' && asked.length === 1 && asked[0]) {
    return t(`journey:fields.${asked[0].name}.label`);
  }
  return t(titleKey(step));
}

/** A page's title: check-your-answers has one per journey (with an engine default), other pages one per step. */
export function titleKey(step: Step): string {
  return step.kind === 'check-answers' ? 'journey:checkAnswers.title' : `journey:steps.${step.id}.title`;
}

export interface ErrorLink {
  readonly text: string;
  readonly href: string;
}

export interface QuestionModel {
  readonly title: string;
  readonly caption?: string;
  /** Multi-field pages have their own h1; one-field pages use the field's label. */
  readonly heading?: string;
  readonly intro?: string;
  readonly fields: readonly FieldView[];
  readonly errorList: readonly ErrorLink[];
}

export function questionModel(
  step: QuestionStep,
  saved: Record<string, unknown>,
  t: Translator,
  failed?: { raw: Record<string, unknown>; errors: readonly FieldError[] },
  /** The fields the page asks this time (see QuestionStep.askIf). */
  asked: readonly Field[] = step.fields,
): QuestionModel {
  const single = asked.length === 1;
  const caption = step.section ? t(`journey:sections.${step.section}`) : undefined;
  const introKey = `journey:steps.${step.id}.intro`;
  const fields = asked.map((field) => {
    // After a failed post every field shows what was typed (errors may be empty for fields that passed).
    const state: FieldState = failed
      ? { raw: failed.raw[field.name], errors: failed.errors.filter((e) => e.field === field.name) }
      : { value: saved[field.name] };
    return { kind: field.kind, params: field.render(state, { t, isPageHeading: single, caption }) };
  });
  const errorList = (failed?.errors ?? []).map((error) => {
    const field = step.fields.find((f) => f.name === error.field);
    // An error of no field is the page's own: its words are the engine's.
    return { text: field ? field.describeError(error, t) : t(`engine:${error.code}`), href: error.href };
  });
  return {
    title: stepTitle(step, t, asked),
    caption,
    heading: single ? undefined : t(`journey:steps.${step.id}.title`),
    intro: t.exists(introKey) ? t(introKey) : undefined,
    fields,
    errorList,
  };
}

export interface SummaryRow {
  readonly key: { text: string };
  readonly value: { text?: string; html?: string };
  readonly actions: { items: Array<{ href: string; text: string; visuallyHiddenText: string }> };
}

export interface SummarySection {
  readonly heading?: string;
  readonly rows: readonly SummaryRow[];
}

/** Check-your-answers: one row per answer on the path, grouped by section, one Change link each. */
export function summarySections(journey: Journey, w: Walk, answers: Answers, t: Translator, returnTo: string): SummarySection[] {
  const sections: Array<{ heading?: string; section?: string; rows: SummaryRow[] }> = [];
  for (const step of w.path) {
    if (step.kind !== 'question' && step.kind !== 'custom') continue;
    let section = sections.at(-1);
    if (!section || section.section !== step.section) {
      section = { section: step.section, heading: step.section ? t(`journey:sections.${step.section}`) : undefined, rows: [] };
      sections.push(section);
    }
    const saved = answers[step.id] ?? {};
    if (step.kind === 'custom') {
      for (const row of step.summarise(saved, t)) {
        section.rows.push({
          key: { text: row.key },
          value: row.value,
          actions: { items: [{ href: withReturn(stepUrl(journey, step), returnTo), text: t('engine:change'), visuallyHiddenText: row.key.toLowerCase() }] },
        });
      }
      continue;
    }
    const tq = step.wording ? withWording(t, step.wording(w.facts)) : t;
    for (const field of askedOn(step, w)) {
      const summaryKey = `journey:fields.${field.name}.summary`;
      const key = tq.exists(summaryKey) ? tq(summaryKey) : tq(`journey:fields.${field.name}.label`);
      const value = saved[field.name];
      const shown = value === undefined || field.isEmpty(value) ? { text: t('engine:notProvided') } : field.summarise(value, tq);
      section.rows.push({
        key: { text: key },
        value: shown,
        actions: {
          items: [{ href: withReturn(stepUrl(journey, step), returnTo), text: t('engine:change'), visuallyHiddenText: key.toLowerCase() }],
        },
      });
    }
  }
  // A custom step may have nothing to show (e.g. a page that only tells the person something).
  return sections.filter(({ rows }) => rows.length > 0).map(({ heading, rows }) => ({ heading, rows }));
}
