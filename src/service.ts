import type { Express, Router } from 'express';
import type { Logger } from 'pino';
import { startAgencyDirectoryCache, type AgencyDirectoryCache } from './agency-directory/directory-cache.ts';
import { directoryAgencyOnSubmitted, type NotifyDirectoryAgency } from './agency-directory/notify-on-submitted.ts';
import { createApp } from './app.ts';
import { configWarnings, type Config } from './config.ts';
import { createEvidenceDeps, noScanner, type EvidenceDeps, type EvidenceSettings, type VirusScanner } from './evidence/index.ts';
import {
  agencyResponseEvidence,
  evidenceCatalogue,
  handoffRouters,
  outboxOnAgencyResponse,
  outboxOnSubmitted,
  startDelivery,
  type AgencyHandoff,
  type RunningDelivery,
  type StartDeliveryDeps,
} from './handoff/index.ts';
import type { JourneyDefinition } from './journeys/definition.ts';
import { journeys as registeredJourneys } from './journeys/index.ts';
import { mountJourneys } from './journeys/mount.ts';
import {
  allOnSubmitted,
  devEmailRoutes,
  emailsFromConfig,
  emailsOnSubmitted,
  operatorAlerts,
  startEmailDelivery,
  type Emails,
  type RunningEmails,
  type StartEmailsDeps,
} from './notify/index.ts';
import { emailsOnAgencyResponse, createNotifyAgency, type NotifyAgency } from './notify/notify-agency.ts';
import { parseCalendarDate, type CalendarDate } from './dates/calendar-date.ts';
import { startDraftRetention, type RunningDraftRetention } from './retention/draft-retention-job.ts';
import { resumeLinksOnSubmitted, saveAndReturnRoutes } from './save-and-return/index.ts';
import { createWorkingDayCalendar } from './rules/working-days.ts';
import {
  createDraftRetentionRepository,
  createRecordRetentionRepository,
  findAgencyById,
  openStore,
  type AppStore,
  type OnAgencyResponseSubmitted,
  type OnSubmitted,
  type SessionStoreOptions,
} from './store/index.ts';
import { healthRoutes, type ReadinessCheck } from './web/health.ts';
import { anonymousPostLimit } from './web/rate-limits.ts';
import { noStore } from './web/security.ts';

/**
 * The one composition root: configuration and a few process-level choices in,
 * the running parts out. src/server.ts, src/worker.ts, the HTTP tests and the
 * benchmarks all build the service here, so they run the same wiring.
 */

export interface ServiceDeps {
  readonly logger: Logger;
  /** The clock for the journeys (today's date) and the outbox; tests pass a fixed one. */
  readonly now?: () => Date;
  /** PGlite held in memory only, whatever the configuration says (tests, benchmarks). */
  readonly inMemoryDatabase?: boolean;
  /** Options for the session store, e.g. `pruneIntervalMs: 0` where nothing else prunes. */
  readonly session?: SessionStoreOptions;
  /** Instead of the scanner the configuration gives (tests: a scanner that is down). */
  readonly scanner?: VirusScanner;
  /** Upload limits and folder instead of the configured ones. */
  readonly evidence?: Partial<EvidenceSettings>;
  /**
   * Runs in each submission's transaction. Default: the hand-off's outbox
   * write (`application.submitted`), which wakes the in-process worker, and
   * the applicant's confirmation email. (The draft's save-and-return links
   * are used up in that transaction whatever this is.)
   */
  readonly onSubmitted?: OnSubmitted;
  /**
   * Runs in each agency response's transaction. Default: the
   * `agency_response.submitted` webhook event and the liaison officer's email.
   */
  readonly onAgencyResponseSubmitted?: OnAgencyResponseSubmitted;
  /** Mounted before sessions and CSRF. Default: the consumer API and the published event schema. */
  readonly apiRouters?: (parts: { store: AppStore; evidence: EvidenceDeps }) => Router[];
  /**
   * Whether this process delivers webhooks. Default: when WORKER_MODE is
   * `in-process` (src/worker.ts runs it whatever the mode says).
   */
  readonly delivery?: boolean;
  /** Passed to the delivery worker: clock, sleep and so on (benchmarks, tests). */
  readonly deliveryOverrides?: StartDeliveryDeps['overrides'];
  /** The journeys to mount. Default: the registry, src/journeys/index.ts. */
  readonly journeys?: readonly JourneyDefinition[];
  /** Passed to the email worker (which runs wherever the delivery worker does): clock, sleep and so on. */
  readonly emailOverrides?: StartEmailsDeps['overrides'];
  /**
   * Notifies an agency the applicant picked from the agency directory, at the
   * directory's address, in the submission's transaction (part of the default
   * `onSubmitted`). Default: the service's own notification (its link and
   * email); tests pass a fake.
   */
  readonly notifyAgency?: NotifyDirectoryAgency;
  /** How often the web process reads the agency directory again. Default: a minute; 0: only at start (tests refresh by hand). */
  readonly agencyDirectoryRefreshMs?: number;
}

/** The agency directory is read again this often, so an import reaches every instance within a minute. */
const AGENCY_DIRECTORY_REFRESH_MS = 60_000;

function extraHolidays(dates: readonly string[]): CalendarDate[] {
  return dates.map((d) => {
    const date = parseCalendarDate(d);
    if (!date) throw new Error(`Extra bank holiday '${d}' is not a real YYYY-MM-DD date`);
    return date;
  });
}

export interface Service {
  readonly app: Express;
  readonly store: AppStore;
  readonly evidence: EvidenceDeps;
  /** The delivery worker, when this process runs one and a webhook endpoint is configured. */
  readonly delivery: RunningDelivery | undefined;
  /** Queues emails (GOV.UK Notify, or /dev/emails in development) inside a caller's transaction. */
  readonly emails: Emails;
  /** The email worker, when this process runs the delivery workers. */
  readonly emailDelivery: RunningEmails | undefined;
  /** The agency directory as the journeys read it (refreshed every minute; `refresh()` reads it now). */
  readonly agencyDirectory: AgencyDirectoryCache;
  /** The retention job (drafts, sent applications, delivery logs), when this process runs the delivery workers. */
  readonly draftRetention: RunningDraftRetention | undefined;
  /**
   * Tells an agency about an application inside a caller's transaction:
   * `notifyAgency(tx, { application, email, name?, source }, now)` (see
   * src/notify/notify-agency.ts). The consumer API uses it (source
   * 'caseworker'); the applicant's submission can too (source 'directory').
   */
  readonly notifyAgency: NotifyAgency;
  /**
   * Stops the delivery worker (attempts in flight get `graceMs`, then are cut
   * short and retried later with the same webhook-id), then closes the store.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

export async function buildService(config: Config, deps: ServiceDeps): Promise<Service> {
  const { logger } = deps;
  const now = deps.now ?? (() => new Date());

  // Each submission writes its webhook event in its own transaction; an
  // in-process worker is nudged to send it at once.
  let delivery: RunningDelivery | undefined;
  let emailDelivery: RunningEmails | undefined;
  // Emails are written in the transaction that causes them; the email worker is nudged to send them.
  const emails = emailsFromConfig({ config, now, onQueued: () => emailDelivery?.worker.wake() });
  const calendar = createWorkingDayCalendar({ extraHolidays: extraHolidays(config.bankHolidaysExtra) });
  const emailWords = { emails, contact: config.contact, publicBaseUrl: config.publicBaseUrl };
  // Needs nothing but a transaction, so a submission's own hook can call it too (source 'directory').
  const notifyAgency = createNotifyAgency({ ...emailWords, calendar, linkGraceDays: config.agency.linkGraceDays });
  const store = await openStore({
    ...(deps.inMemoryDatabase ? { inMemory: true } : { databaseUrl: config.databaseUrl, dataDir: config.dataDir }),
    onBackgroundError: (err) => logger.error({ err }, 'database background error'),
    session: { onError: (err) => logger.error({ err }, 'session store error'), ...deps.session },
    onSubmitted: allOnSubmitted(
      // A submitted draft's save-and-return links stop working with the submission.
      resumeLinksOnSubmitted(now),
      deps.onSubmitted ??
        allOnSubmitted(
          outboxOnSubmitted({ now, onEnqueued: () => delivery?.worker.wake() }),
          emailsOnSubmitted(emails),
          // An agency picked from the directory is notified at the directory's address, never at one the applicant typed.
          directoryAgencyOnSubmitted({
            notify: deps.notifyAgency ?? ((tx, notice) => notifyAgency(tx, notice, now()).then(() => undefined)),
            findAgency: findAgencyById,
            onAgencyGone: (application, directoryId) =>
              logger.warn({ applicationId: application.id, directoryId }, 'the agency picked from the directory was removed before submission: not notified'),
          }),
        ),
    ),
    now,
    // The agency's response: its webhook event and the liaison officer's email, in the response's transaction.
    onAgencyResponseSubmitted:
      deps.onAgencyResponseSubmitted ??
      (async (tx, response) => {
        await outboxOnAgencyResponse({ now, onEnqueued: () => delivery?.worker.wake() })(tx, response);
        await emailsOnAgencyResponse(emailWords)(tx, response);
      }),
  });
  let draftRetention: RunningDraftRetention | undefined;

  let agencyDirectory: AgencyDirectoryCache | undefined;
  try {
    agencyDirectory = await startAgencyDirectoryCache({
      list: () => store.agencies.list(),
      refreshMs: deps.agencyDirectoryRefreshMs ?? AGENCY_DIRECTORY_REFRESH_MS,
      onError: (err) => logger.error({ err }, 'could not read the agency directory again: the last one read is still used'),
    });
    const configured = createEvidenceDeps({ ...config.evidence, ...deps.evidence }, store.db, logger);
    const evidence: EvidenceDeps = { ...configured, scanner: deps.scanner ?? configured.scanner };
    // Webhook events and the consumer API list each application's files and serve their bytes.
    const catalogue = evidenceCatalogue({ applications: store.applications, files: evidence.files, now });
    // What agencies were sent and sent back, for the events and the consumer API.
    const agency: AgencyHandoff = {
      notifications: store.agencyNotifications,
      responses: store.agencyResponses,
      evidence: agencyResponseEvidence({ files: evidence.files, now }),
    };

    // Not `if (deps.delivery ?? …)`: TypeScript then takes `delivery: false` for undefined in the else branch.
    const runsDelivery = deps.delivery ?? config.handoff.workerMode === 'in-process';
    if (runsDelivery) {
      // Alerts are logged and, with OPERATOR_EMAIL, emailed.
      const alert = operatorAlerts({ emails, db: store.db, logger });
      delivery = startDelivery({ config, store, logger, evidence: catalogue, agency, overrides: { alert, ...deps.deliveryOverrides } });
      emailDelivery = startEmailDelivery({ config, db: store.db, emails, logger, now, overrides: deps.emailOverrides });
      // Unsubmitted drafts past DRAFT_RETENTION_DAYS go, with their files and links, every hour.
      draftRetention = startDraftRetention({
        retention: createDraftRetentionRepository(store.db),
        retentionDays: config.drafts.retentionDays,
        intervalMs: config.drafts.retentionIntervalMs,
        // Sent applications the caseworker system has in full, and delivery logs, in the same hourly run.
        records: { retention: createRecordRetentionRepository(store.db), periods: config.records },
        now,
        logger,
      });
    } else if (deps.delivery === undefined) {
      logger.info('WORKER_MODE=separate: webhooks and emails are delivered, and what is past its retention time deleted, by npm run worker');
    }

    const { storage } = store.db;
    if (storage.directory && storage.createdNew) {
      // Loud on purpose: on a service that had data, this means its folder was lost or DATA_DIR changed.
      logger.warn(
        { path: storage.directory },
        `NEW DATABASE: no database was found in ${storage.directory}, so a new, empty one was made. If this service has run before, its data folder has been lost or DATA_DIR now points somewhere else: stop it and find the data.`,
      );
    }
    const readiness: ReadinessCheck[] = [{ name: 'database', run: () => store.db.query('SELECT 1') }];
    if (storage.directory) readiness.push({ name: 'data-folder', run: () => store.db.checkStorage() });
    if (evidence.scanner !== noScanner) readiness.push({ name: 'virus-scanner', run: () => evidence.scanner.ping() });

    // The journeys, checked here: a broken definition stops the service, naming the journey and the step.
    const mounted = mountJourneys(
      deps.journeys ?? registeredJourneys,
      {
        drafts: store.drafts,
        applications: store.applications,
        evidence,
        calendar,
        agencyDirectory,
        agencyResponses: store.agencyResponses,
        now,
      },
      {
        now,
        pageMiddleware: [noStore],
        startPageUrl: '/',
        // "Save and come back later", for the journeys that ask for it.
        saveAndReturn: saveAndReturnRoutes({ config, store, emails, now, logger }),
      },
    );

    const app = createApp({
      config,
      logger,
      sessionStore: store.sessions,
      sessionExpirySlackMs: store.sessions.touchAfterMs,
      // Counted in the database, so the limit holds however many instances serve the forms.
      anonymousPostLimit: anonymousPostLimit({ perHour: config.anonymousPostsPerIpPerHour, hits: store.rateLimitHits }),
      now,
      // The warnings' names only (up to the colon): the log has the whole advice.
      health: healthRoutes({ checks: readiness, warnings: configWarnings(config).map((warning) => warning.split(':')[0] ?? warning) }),
      // The development mailbox is not even mounted in production.
      routers: config.isProduction ? mounted.routers : [devEmailRoutes(store.db), ...mounted.routers],
      // Pages opened from emailed links: before the session's CSRF token is issued, so opening one starts no session.
      linkRouters: mounted.linkRouters,
      linkPaths: mounted.linkPaths,
      // Every question page fits whole, each field at its maximum; a form over the limit is an error on its page.
      forms: mounted.forms,
      // Upload pages check their CSRF token themselves, once multer has read the multipart body; link pages check a link form token.
      csrf: { deferMultipart: mounted.checksOwnCsrf, linkForms: mounted.linkForms },
      apiRouters:
        deps.apiRouters?.({ store, evidence }) ??
        handoffRouters({
          config,
          store,
          logger,
          evidence: catalogue,
          agency: {
            ...agency,
            // A caseworker has checked the address: its own transaction, on the service's clock.
            notify: (application, recipient) =>
              store.db.transaction((tx) => notifyAgency(tx, { application, email: recipient.email, name: recipient.name, source: 'caseworker' }, now())),
          },
        }),
    });

    return {
      app,
      store,
      evidence,
      delivery,
      emails,
      emailDelivery,
      agencyDirectory,
      draftRetention,
      notifyAgency,
      async close(options) {
        agencyDirectory?.stop();
        try {
          await Promise.all([delivery?.stop(options), emailDelivery?.stop(), draftRetention?.stop()]);
        } finally {
          await store.close();
        }
      },
    };
  } catch (err) {
    agencyDirectory?.stop();
    await delivery?.stop().catch(() => {
      // Start-up failed: the error that made it fail is the one to report.
    });
    await emailDelivery?.stop().catch(() => {
      // Start-up failed: the error that made it fail is the one to report.
    });
    await draftRetention?.stop();
    await store.close();
    throw err;
  }
}
