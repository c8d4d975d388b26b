import { defineJourney, type Journey } from '../../engine/journey.ts';
import { evidenceDownloadRouter } from '../../evidence/download-route.ts';
import type { JourneyDefinition } from '../definition.ts';
import { casePageHandler } from './case-step.ts';
import { documentsPageHandler, DOCUMENTS_STEP_ID } from './documents-step.ts';
import { agencyLinkRouter, agencyPagesGuard, isLinkForm, LINK_PATH } from './link-route.ts';
import { AGENCY_RESPONSE_BASE_PATH } from './paths.ts';
import { agencyResponseSteps } from './steps.ts';
import { agencyResponseSubmissions } from './submission.ts';

const ID = 'agency-response';
const BASE_PATH = AGENCY_RESPONSE_BASE_PATH;
/** src/locales/<lang>/agency-response.json */
const NAMESPACE = 'agency-response';
const VERSION = '2026-12-01.1';
const DOCUMENTS_PATH = `${BASE_PATH}/${DOCUMENTS_STEP_ID}`;
const DOWNLOAD_PATH = `${DOCUMENTS_PATH}/files`;

/** The journey alone (for maps and tests): pages that need the service are passed in. */
export function createAgencyResponseJourney(pages: Parameters<typeof agencyResponseSteps>[0]): Journey {
  return defineJourney({
    id: ID,
    version: VERSION,
    basePath: BASE_PATH,
    namespace: NAMESPACE,
    // Reached only through the link in the agency's email.
    entry: 'link',
    start: 'the-application',
    steps: agencyResponseSteps(pages),
    derive: {},
  });
}

/**
 * The agency's response, as the service mounts it: the link in the agency's
 * email (/respond/<token>), the guard that keeps the pages to a session that
 * opened a link, the questions, the documents page and its downloads, and
 * the submission (the agency_response.submitted event and the liaison
 * officer's email are written in its transaction by the store's hook).
 */
export const agencyResponseJourney: JourneyDefinition = {
  id: ID,
  basePath: BASE_PATH,
  namespace: NAMESPACE,
  build(services) {
    const responses = services.agencyResponses;
    const journey = createAgencyResponseJourney({
      casePage: casePageHandler(responses),
      documentsPage: documentsPageHandler({ ...services.evidence, downloadBase: DOWNLOAD_PATH, responses }),
    });
    return {
      journey,
      submissions: agencyResponseSubmissions(responses, journey, services.now),
      routers: [
        agencyPagesGuard({ responses, journey, now: services.now }),
        evidenceDownloadRouter({ files: services.evidence.files, basePath: DOWNLOAD_PATH, draftIdOf: (req) => req.session.drafts?.[journey.id] }),
      ],
      // The documents page checks its CSRF token itself, as soon as multer has parsed the multipart body.
      checksOwnCsrf: (req) => req.method === 'POST' && req.path === DOCUMENTS_PATH,
      linkPages: { router: agencyLinkRouter({ responses, journey, now: services.now }), forms: isLinkForm, path: `${LINK_PATH}/` },
    };
  },
};
