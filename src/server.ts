import type { AddressInfo } from 'node:net';
import { configWarnings, loadConfigOrExit } from './config.ts';
import { reportScanner } from './evidence/index.ts';
import { buildService } from './service.ts';
import { createLogger } from './web/logging.ts';

/**
 * The process: configuration → buildService → HTTP server, and a graceful
 * stop on SIGTERM/SIGINT (stop taking connections, let requests in flight
 * finish, stop the delivery worker, close the store).
 */

// How long requests in flight get to finish before the process stops anyway.
const SHUTDOWN_GRACE_MS = 10_000;
// How often the embedded database's folder is checked (every transaction checks it too).
const DATA_FOLDER_CHECK_MS = 5_000;

const afterTwoTurns = (run: () => void): void => {
  setImmediate(() => setImmediate(run));
};

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config);
  if (config.isProduction && config.contact.isPlaceholder) {
    logger.warn('CONTACT_EMAIL or CONTACT_PHONE is not set: the help pages show example contact details');
  }
  for (const warning of configWarnings(config)) logger.warn(warning);

  const service = await buildService(config, { logger });
  const { app, store } = service;
  void reportScanner(service.evidence.scanner, logger);
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { address, port } = server.address() as AddressInfo;
  logger.info({ address, port, engine: store.db.engine }, `listening on http://${config.host}:${port}`);

  let stopping = false;
  let exitCode = 0;
  const stop = (signal: NodeJS.Signals | 'data-folder-lost'): void => {
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
    // Emails in flight finish too (each bounded by Notify's timeout).
    const deliveryStopped = Promise.all([service.delivery?.stop({ graceMs: SHUTDOWN_GRACE_MS / 2 }), service.emailDelivery?.stop()]).catch((err: unknown) =>
      logger.error({ err }, 'error while stopping the delivery workers'),
    );

    // Two turns of the event loop first: requests that reached this process
    // before the signal may still be unread bytes (on a kept-alive connection,
    // or on a new one not yet accepted), and closing the server now would
    // reset those connections as idle. In the first turn pending connections
    // are accepted, in the second their bytes read: then they are requests in
    // flight, answered before their connections close.
    afterTwoTurns(() => {
      server.close((closeError) => {
        if (closeError) logger.error({ err: closeError }, 'error while closing the HTTP server');
        deliveryStopped
          .then(() => store.close())
          .then(() => {
            logger.info('stopped');
            process.exit(closeError ? 1 : exitCode);
          })
          .catch((err: unknown) => {
            logger.error({ err }, 'error while closing the store');
            process.exit(1);
          });
      });
      // Idle keep-alive connections would otherwise hold server.close open.
      server.closeIdleConnections();
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  // PGlite's folder deleted under a running service: stop, rather than confirm applications into deleted files.
  if (store.db.storage.directory) {
    const watch = setInterval(() => {
      store.db.checkStorage().catch((err: unknown) => {
        clearInterval(watch);
        logger.fatal({ err }, err instanceof Error ? err.message : 'the database folder has gone');
        exitCode = 1;
        stop('data-folder-lost');
      });
    }, DATA_FOLDER_CHECK_MS);
    watch.unref();
  }
}

main().catch((error: unknown) => {
  console.error('The service could not start:', error);
  process.exit(1);
});
