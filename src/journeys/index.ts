import type { Request, RequestHandler } from 'express';
import { createJourneyRouter, type DraftPort } from '../engine/router.ts';
import type { Translator } from '../engine/types.ts';
import { validateJourney } from '../engine/validate-journey.ts';
import { parseCalendarDate, todayInLondon, type CalendarDate } from '../dates/calendar-date.ts';
import { createWorkingDayCalendar } from '../rules/working-days.ts';
import { evidenceDownloadRouter } from '../evidence/download-route.ts';
import { evidencePageHandler } from '../evidence/evidence-page.ts';
import type { EvidenceDeps } from '../evidence/index.ts';
import { hasTranslation, LANGUAGES, type Language } from '../web/i18n.ts';
import { createIrmJourney } from './irm/index.ts';
import { EVIDENCE_STEP_ID } from './irm/evidence-step.ts';
import { irmSubmissions } from './irm/submission.ts';
import type { ApplicationRepository } from './ports.ts';

export interface JourneyDeps {
  readonly drafts: DraftPort;
  readonly applications: ApplicationRepository;
  /** YYYY-MM-DD dates to treat as bank holidays as well (configuration). */
  readonly extraBankHolidays?: readonly string[];
  /** The clock; tests pass a fixed one. */
  readonly now?: () => Date;
  readonly pageMiddleware?: RequestHandler[];
  /** Uploads: where files are stored, the virus scanner, and the limits. */
  readonly evidence: EvidenceDeps;
}

const IRM_BASE_PATH = '/apply';
const EVIDENCE_UPLOAD_PATH = `${IRM_BASE_PATH}/${EVIDENCE_STEP_ID}`;
const EVIDENCE_DOWNLOAD_PATH = `${EVIDENCE_UPLOAD_PATH}/files`;

/**
 * For createApp's `csrf.deferMultipart`: the evidence page checks the CSRF
 * token itself, as soon as multer has parsed the multipart body.
 */
export const isEvidenceUpload = (req: Request): boolean => req.method === 'POST' && req.path === EVIDENCE_UPLOAD_PATH;

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
  const evidencePage = evidencePageHandler({ ...deps.evidence, downloadBase: EVIDENCE_DOWNLOAD_PATH });
  const journey = createIrmJourney({ calendar: createWorkingDayCalendar({ extraHolidays }), evidencePage });
  if (journey.basePath !== IRM_BASE_PATH) throw new Error(`The evidence routes expect the journey at ${IRM_BASE_PATH}`);
  validateJourney(journey, { languages: LANGUAGES, hasTranslation: (lang, key) => hasTranslation(lang as Language, key) });
  const now = deps.now ?? (() => new Date());
  return [
    evidenceDownloadRouter({
      files: deps.evidence.files,
      basePath: EVIDENCE_DOWNLOAD_PATH,
      draftIdOf: (req) => req.session.drafts?.[journey.id],
    }),
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
