import { createApplicationRepository, type ApplicationRepository, type OnSubmitted } from './applications.ts';
import { openDatabase, type Database, type OpenDatabaseOptions } from './database.ts';
import { createDraftRepository, type DraftRepository } from './drafts.ts';
import { createLinkTokenRepository, type LinkTokenRepository } from './link-tokens.ts';
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
    async close() {
      sessions.stopPruning();
      await db.close();
    },
  };
}

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
