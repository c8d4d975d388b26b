import type { AddressInfo } from 'node:net';
import type { Router } from 'express';
import { createApp } from './app.ts';
import { loadConfigOrExit, type Config } from './config.ts';
import { openStore, type AppStore } from './store/index.ts';
import { createEvidenceDeps, reportScanner, type EvidenceDeps } from './evidence/index.ts';
import { createJourneyRouters, isEvidenceUpload } from './journeys/index.ts';
import { evidenceCatalogue, handoffRouters, outboxOnSubmitted, startDelivery, type RunningDelivery } from './handoff/index.ts';
import { createLogger } from './web/logging.ts';
import { noStore } from './web/security.ts';

/**
 * The process: configuration → store → HTTP server, and a graceful stop on
 * SIGTERM/SIGINT (stop taking connections, let requests in flight finish,
 * close the store).
 */

// How long requests in flight get to finish before the process stops anyway.
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * The journeys, checked at start-up (a broken definition stops the service,
 * naming the step). Each applies `noStore` to its pages; they are mounted after
 * the start and footer pages, in the order returned.
 */
function journeyRouters(config: Config, store: AppStore, evidence: EvidenceDeps): Router[] {
  return createJourneyRouters({
    drafts: store.drafts,
    applications: store.applications,
    extraBankHolidays: config.bankHolidaysExtra,
    pageMiddleware: [noStore],
    evidence,
  });
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config);
  if (config.isProduction && config.contact.isPlaceholder) {
    logger.warn('CONTACT_EMAIL or CONTACT_PHONE is not set: the help pages show example contact details');
  }

  // Each submission writes its webhook event in its own transaction; an
  // in-process worker is nudged to send it at once.
  let delivery: RunningDelivery | undefined;
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onBackgroundError: (err) => logger.error({ err }, 'database background error'),
    session: { onError: (err) => logger.error({ err }, 'session store error') },
    onSubmitted: outboxOnSubmitted({ onEnqueued: () => delivery?.worker.wake() }),
  });

  const evidence = createEvidenceDeps(config.evidence, store.db, logger);
  void reportScanner(evidence.scanner, logger);
  // Webhook events and the consumer API list each application's files and serve their bytes.
  const catalogue = evidenceCatalogue({ applications: store.applications, files: evidence.files });
  if (config.handoff.workerMode === 'in-process') delivery = startDelivery({ config, store, logger, evidence: catalogue });
  else logger.info('WORKER_MODE=separate: webhooks are delivered by npm run worker');

  const app = createApp({
    config,
    logger,
    sessionStore: store.sessions,
    routers: journeyRouters(config, store, evidence),
    // The evidence page checks its CSRF token itself, once multer has read the multipart body.
    csrf: { deferMultipart: isEvidenceUpload },
    apiRouters: handoffRouters({ config, store, logger, evidence: catalogue }),
  });
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { address, port } = server.address() as AddressInfo;
  logger.info({ address, port, engine: store.db.engine }, `listening on http://${config.host}:${port}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const forceExit = setTimeout(() => {
      logger.error('requests still open after the grace period; stopping anyway');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    forceExit.unref();
    // Deliveries in flight get half the grace period, then are cut short (and
    // retried later with the same webhook-id); either way before the database closes.
    const deliveryStopped = (delivery?.stop({ graceMs: SHUTDOWN_GRACE_MS / 2 }) ?? Promise.resolve()).catch((err: unknown) =>
      logger.error({ err }, 'error while stopping the delivery worker'),
    );

    server.close((closeError) => {
      if (closeError) logger.error({ err: closeError }, 'error while closing the HTTP server');
      deliveryStopped
        .then(() => store.close())
        .then(() => {
          logger.info('stopped');
          process.exit(closeError ? 1 : 0);
        })
        .catch((err: unknown) => {
          logger.error({ err }, 'error while closing the store');
          process.exit(1);
        });
    });
    // Idle keep-alive connections would otherwise hold server.close open.
    server.closeIdleConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error('The service could not start:', error);
  process.exit(1);
});
