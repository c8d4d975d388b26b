import type { Request, Router } from 'express';
import type { Journey } from '../engine/journey.ts';
import type { DraftPort, SubmissionPort } from '../engine/router.ts';
import type { EvidenceDeps } from '../evidence/index.ts';
import type { WorkingDayCalendar } from '../rules/working-days.ts';
import type { AgencyDirectoryPort, AgencyResponsePort, ApplicationRepository } from './ports.ts';

/** What the service gives every journey when it is built. */
export interface JourneyServices {
  readonly drafts: DraftPort;
  readonly applications: ApplicationRepository;
  /** Uploads: the files table, the virus scanner and the limits. */
  readonly evidence: EvidenceDeps;
  /** Working days in England and Wales, with any configured extra holidays. */
  readonly calendar: WorkingDayCalendar;
  /** The agencies operators import, for the applicant to pick theirs from (empty: they type its details). */
  readonly agencyDirectory: AgencyDirectoryPort;
  /** Agencies' responses: the links that open them, their drafts and their sending. */
  readonly agencyResponses: AgencyResponsePort;
  /** The clock (tests pass their own): links expire by it. */
  readonly now: () => Date;
}

/** Pages reached from an emailed link, before any session exists (e.g. the agency's start page). */
export interface LinkPages {
  /** Mounted before the session's CSRF token is issued, so that opening a link never starts a session. */
  readonly router: Router;
  /** Where the links are, e.g. '/respond/': the request log hides the segment after it (the token, or most of one). */
  readonly path: string;
  /** Its forms: they check a link form token (src/web/link-form-token.ts) instead of the session's CSRF token. */
  readonly forms: (req: Request) => boolean;
}

/** A journey ready to mount: its definition, where its answers go, and any routes of its own. */
export interface BuiltJourney {
  readonly journey: Journey;
  /** What "Accept and send" does. */
  readonly submissions: SubmissionPort;
  /** Mounted just before the journey's pages (e.g. downloading an uploaded file). */
  readonly routers?: readonly Router[];
  /** Requests that check their CSRF token themselves, once they have read a multipart body. */
  readonly checksOwnCsrf?: (req: Request) => boolean;
  /** Pages reached from an emailed link, which open the journey. */
  readonly linkPages?: LinkPages;
}

/**
 * One journey, as its folder exports it: adding a journey is a folder under
 * src/journeys, a locale file per language (src/locales/<lang>/<namespace>.json)
 * and one line in src/journeys/index.ts.
 */
export interface JourneyDefinition {
  readonly id: string;
  /** Where its pages are, e.g. '/apply'. */
  readonly basePath: string;
  /** Its locale files' name: `journey:` keys resolve there, then in the engine's defaults. */
  readonly namespace: string;
  build(services: JourneyServices): BuiltJourney;
}
