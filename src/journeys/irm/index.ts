import type { Facts } from '../../engine/conditions.ts';
import { defineJourney, type CustomPageHandler, type Journey } from '../../engine/journey.ts';
import type { EngineContext } from '../../engine/types.ts';
import { parseCalendarDate } from '../../dates/calendar-date.ts';
import { computeDeadline, routeSchema, type Deadline, type DeadlineRules } from '../../rules/deadlines.ts';
import type { WorkingDayCalendar } from '../../rules/working-days.ts';
import { evidenceDownloadRouter } from '../../evidence/download-route.ts';
import { evidencePageHandler } from '../../evidence/evidence-page.ts';
import type { JourneyDefinition } from '../definition.ts';
import { noAgencyDirectory, type AgencyDirectoryPort } from '../ports.ts';
import { agencyDerivations } from './agency-choice.ts';
import { applicationSteps } from './application.ts';
import { eligibilitySteps } from './eligibility.ts';
import { EVIDENCE_STEP_ID, evidencePageNotWired } from './evidence-step.ts';
import { irmSubmissions } from './submission.ts';
import { timeLimitSteps } from './time-limit.ts';

const ID = 'irm-application';
const BASE_PATH = '/apply';
/** src/locales/<lang>/apply.json */
const NAMESPACE = 'apply';
const EVIDENCE_UPLOAD_PATH = `${BASE_PATH}/${EVIDENCE_STEP_ID}`;
const EVIDENCE_DOWNLOAD_PATH = `${EVIDENCE_UPLOAD_PATH}/files`;

export interface IrmJourneyOptions {
  readonly calendar: WorkingDayCalendar;
  readonly rules?: DeadlineRules;
  /** The evidence upload page (src/evidence); the service always passes it. */
  readonly evidencePage?: CustomPageHandler;
  /** The agencies operators import, for the applicant to pick theirs from. Default: none (the applicant types its details). */
  readonly agencyDirectory?: AgencyDirectoryPort;
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
  const agencyDirectory = options.agencyDirectory ?? noAgencyDirectory;
  return defineJourney({
    id: ID,
    version: '2026-12-01.1',
    basePath: BASE_PATH,
    namespace: NAMESPACE,
    start: 'decision-about',
    steps: [...eligibilitySteps, ...timeLimitSteps, ...applicationSteps(options.evidencePage ?? evidencePageNotWired, agencyDirectory)],
    derive: {
      route: (facts) => facts.answer('decisionAbout'),
      deadline: (facts, ctx) => deadlineFrom(facts, ctx, options),
      late: (facts, ctx) => deadlineFrom(facts, ctx, options)?.late === true,
      ...agencyDerivations(agencyDirectory),
    },
    // "Save and come back later" on every page, offering the applicant's own address for the link.
    saveForLater: { emailField: 'email' },
  });
}

/**
 * The applicant's journey as the service mounts it: the questions, the
 * evidence page and its downloads, and the submission.
 */
export const applyJourney: JourneyDefinition = {
  id: ID,
  basePath: BASE_PATH,
  namespace: NAMESPACE,
  build(services) {
    const evidencePage = evidencePageHandler({ ...services.evidence, downloadBase: EVIDENCE_DOWNLOAD_PATH });
    const journey = createIrmJourney({ calendar: services.calendar, evidencePage, agencyDirectory: services.agencyDirectory });
    return {
      journey,
      submissions: irmSubmissions(services.applications, journey),
      routers: [
        evidenceDownloadRouter({ files: services.evidence.files, basePath: EVIDENCE_DOWNLOAD_PATH, draftIdOf: (req) => req.session.drafts?.[journey.id] }),
      ],
      // The evidence page checks its CSRF token itself, as soon as multer has parsed the multipart body.
      checksOwnCsrf: (req) => req.method === 'POST' && req.path === EVIDENCE_UPLOAD_PATH,
    };
  },
};
