import { createAgencyRepository, type AgencyRepository } from './agencies.ts';
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
  return {
    db,
    drafts: createDraftRepository(db, opts.now),
    applications: createApplicationRepository(db, opts.onSubmitted ? { onSubmitted: opts.onSubmitted } : {}),
    sessions,
    linkTokens: createLinkTokenRepository(db),
    rateLimitHits: createRateLimitHits(db),
    agencies: createAgencyRepository(db),
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
export type { Database, OpenDatabaseOptions, Queryable } from './database.ts';
export { NestedDatabaseUseError, TransactionRolledBackError, openDatabase } from './database.ts';
export { DataDirectoryInUseError } from './data-dir-lock.ts';
export type { Draft, DraftRepository, StepAnswers } from './drafts.ts';
export { DraftNotFoundError, DraftSubmittedError } from './drafts.ts';
export { migrate } from './migrate.ts';
export { createDraftRetentionRepository, type DraftRetentionRepository, type RetentionCounts } from './draft-retention.ts';
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
