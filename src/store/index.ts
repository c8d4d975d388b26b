import { createAgencyRepository, type AgencyRepository } from './agencies.ts';
import { createAgencyNotificationRepository, type AgencyNotificationRepository } from './agency-notifications.ts';
import { createAgencyResponseRepository, type AgencyResponseRepository, type OnAgencyResponseSubmitted } from './agency-responses.ts';
import { createApplicationRepository, type ApplicationRepository, type OnSubmitted } from './applications.ts';
import { openDatabase, type Database, type OpenDatabaseOptions } from './database.ts';
import { createDraftRepository, type DraftRepository } from './drafts.ts';
import { createLinkTokenRepository, type LinkTokenRepository } from './link-tokens.ts';
import { createRateLimitHits, type RateLimitHits } from './rate-limit-hits.ts';
import { migrate } from './migrate.ts';
import { SessionStore, type SessionStoreOptions } from './session-store.ts';

export interface OpenStoreOptions extends OpenDatabaseOptions {
  session?: SessionStoreOptions;
  /** Runs inside each submission's transaction; see {@link OnSubmitted}. */
  onSubmitted?: OnSubmitted;
  /** The service's clock: when a draft last changed, which retention counts from. */
  now?: () => Date;
  /** Runs inside each agency response's transaction; see {@link OnAgencyResponseSubmitted}. */
  onAgencyResponseSubmitted?: OnAgencyResponseSubmitted;
}

export interface AppStore {
  db: Database;
  drafts: DraftRepository;
  applications: ApplicationRepository;
  sessions: SessionStore;
  /** Tokens of links sent by email (agency notifications, save and return). */
  linkTokens: LinkTokenRepository;
  /** Rate-limit counts shared by every instance. */
  rateLimitHits: RateLimitHits;
  /** The agency directory operators import (`npm run ops -- agencies import FILE`). */
  agencies: AgencyRepository;
  /** The emails telling agencies about applications. */
  agencyNotifications: AgencyNotificationRepository;
  /** The agencies' responses, and the links and drafts that lead to them. */
  agencyResponses: AgencyResponseRepository;
  /** Stops the session prune timer, then closes the database. */
  close(): Promise<void>;
}

/** Opens the database, brings its schema up to date and builds the repositories. */
export async function openStore(opts: OpenStoreOptions): Promise<AppStore> {
  const db = await openDatabase(opts);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  const sessions = new SessionStore(db, opts.session);
  const linkTokens = createLinkTokenRepository(db);
  return {
    db,
    drafts: createDraftRepository(db, opts.now),
    applications: createApplicationRepository(db, opts.onSubmitted ? { onSubmitted: opts.onSubmitted } : {}),
    sessions,
    linkTokens,
    rateLimitHits: createRateLimitHits(db),
    agencies: createAgencyRepository(db),
    agencyNotifications: createAgencyNotificationRepository(db),
    agencyResponses: createAgencyResponseRepository(db, {
      linkTokens,
      ...(opts.onAgencyResponseSubmitted ? { onSubmitted: opts.onAgencyResponseSubmitted } : {}),
    }),
    async close() {
      sessions.stopPruning();
      await db.close();
    },
  };
}

export {
  DuplicateAgencyNameError,
  agencyNameKey,
  findAgencyById,
  type Agency,
  type AgencyInput,
  type AgencyRepository,
  type ReplaceSummary,
} from './agencies.ts';
export type { Application, ApplicationRepository, OnSubmitted, SubmitInput, SubmitResult } from './applications.ts';
export { ReferenceCollisionError } from './applications.ts';
export type { AgencyNotification, AgencyNotificationRepository, AgencyNotificationSource } from './agency-notifications.ts';
export { AGENCY_NOTIFICATION_SOURCES } from './agency-notifications.ts';
export type { AgencyCase, AgencyResponse, AgencyResponseRepository, OnAgencyResponseSubmitted } from './agency-responses.ts';
export type { Database, OpenDatabaseOptions, Queryable } from './database.ts';
export { NestedDatabaseUseError, TransactionRolledBackError, openDatabase } from './database.ts';
export { DataDirectoryInUseError } from './data-dir-lock.ts';
export type { Draft, DraftRepository, StepAnswers } from './drafts.ts';
export { DraftNotFoundError, DraftSubmittedError } from './drafts.ts';
export { migrate } from './migrate.ts';
export { createDraftRetentionRepository, type DraftRetentionRepository, type RetentionCounts } from './draft-retention.ts';
export { createRecordRetentionRepository, type RecordRetentionCounts, type RecordRetentionRepository } from './record-retention.ts';
export { SessionStore, type SessionStoreOptions } from './session-store.ts';
export {
  LINK_PURPOSES,
  isLinkTokenShaped,
  type CheckResult,
  type IssuedLinkToken,
  type LinkPurpose,
  type LinkToken,
  type LinkTokenRepository,
} from './link-tokens.ts';
export type { RateLimitHits, WindowCount } from './rate-limit-hits.ts';
