import type { Request, RequestHandler } from 'express';
import { createJourneyRouter, type DraftPort } from '../engine/router.ts';
import type { Translator } from '../engine/types.ts';
import { validateJourney } from '../engine/validate-journey.ts';
import { parseCalendarDate, todayInLondon, type CalendarDate } from '../rules/calendar-date.ts';
import { createWorkingDayCalendar } from '../rules/working-days.ts';
import type { ApplicationRepository } from '../store/applications.ts';
import { hasTranslation, LANGUAGES, type Language } from '../web/i18n.ts';
import { createIrmJourney } from './irm/index.ts';
import { irmSubmissions } from './irm/submission.ts';

export interface JourneyDeps {
  readonly drafts: DraftPort;
  readonly applications: ApplicationRepository;
  /** YYYY-MM-DD dates to treat as bank holidays as well (configuration). */
  readonly extraBankHolidays?: readonly string[];
  /** The clock; tests pass a fixed one. */
  readonly now?: () => Date;
  readonly pageMiddleware?: RequestHandler[];
}

function requestTranslator(req: Request): Translator {
  const lang: Language = req.lang;
  return Object.assign((key: string, options?: Record<string, unknown>) => req.t(key, options), {
    exists: (key: string) => hasTranslation(lang, key),
    lang,
  });
}

/** The journeys this service offers, checked at start-up: a broken definition stops the service, naming the step. */
export function createJourneyRouters(deps: JourneyDeps) {
  const extraHolidays = (deps.extraBankHolidays ?? []).map((d): CalendarDate => {
    const date = parseCalendarDate(d);
    if (!date) throw new Error(`Extra bank holiday '${d}' is not a real YYYY-MM-DD date`);
    return date;
  });
  const journey = createIrmJourney({ calendar: createWorkingDayCalendar({ extraHolidays }) });
  validateJourney(journey, { languages: LANGUAGES, hasTranslation: (lang, key) => hasTranslation(lang as Language, key) });
  const now = deps.now ?? (() => new Date());
  return [
    createJourneyRouter({
      journey,
      drafts: deps.drafts,
      submissions: irmSubmissions(deps.applications, journey),
      today: () => todayInLondon(now()),
      translator: requestTranslator,
      pageMiddleware: deps.pageMiddleware,
      startPageUrl: '/',
    }),
  ];
}
