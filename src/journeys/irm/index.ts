import type { Facts } from '../../engine/conditions.ts';
import { defineJourney, type CustomPageHandler, type Journey } from '../../engine/journey.ts';
import type { EngineContext } from '../../engine/types.ts';
import { parseCalendarDate } from '../../dates/calendar-date.ts';
import { computeDeadline, routeSchema, type Deadline, type DeadlineRules } from '../../rules/deadlines.ts';
import type { WorkingDayCalendar } from '../../rules/working-days.ts';
import { applicationSteps } from './application.ts';
import { eligibilitySteps } from './eligibility.ts';
import { evidencePageNotWired } from './evidence-step.ts';
import { timeLimitSteps } from './time-limit.ts';

export interface IrmJourneyOptions {
  readonly calendar: WorkingDayCalendar;
  readonly rules?: DeadlineRules;
  /** The evidence upload page (src/evidence); the service always passes it. */
  readonly evidencePage?: CustomPageHandler;
}

/** The deadline from the answers so far, or undefined until the dates are known. */
export function deadlineFrom(facts: Facts, ctx: EngineContext, options: IrmJourneyOptions): Deadline | undefined {
  const route = routeSchema.safeParse(facts.answer('decisionAbout'));
  const letterDate = parseCalendarDate(facts.answer('letterDate'));
  if (!route.success || !letterDate) return undefined;
  return computeDeadline({
    route: route.data,
    letterDate,
    today: ctx.today,
    calendar: options.calendar,
    rules: options.rules,
  });
}

/**
 * One journey for the three routes (fostering, adoption, adoption
 * information): they share most questions, and one draft means a change of
 * route on check-your-answers just opens the other branch.
 */
export function createIrmJourney(options: IrmJourneyOptions): Journey {
  return defineJourney({
    id: 'irm-application',
    version: '2026-11-22.2',
    basePath: '/apply',
    start: 'decision-about',
    steps: [...eligibilitySteps, ...timeLimitSteps, ...applicationSteps(options.evidencePage ?? evidencePageNotWired)],
    derive: {
      route: (facts) => facts.answer('decisionAbout'),
      deadline: (facts, ctx) => deadlineFrom(facts, ctx, options),
      late: (facts, ctx) => deadlineFrom(facts, ctx, options)?.late === true,
    },
  });
}
