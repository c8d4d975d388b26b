import { loadConfigOrExit } from './config.ts';
import { buildService } from './service.ts';
import { createLogger } from './web/logging.ts';

/**
 * `npm run worker`: the webhook delivery worker, the email worker and the
 * retention job (drafts, sent applications, delivery logs) on their own, for production,
 * where the web process runs with WORKER_MODE=separate. Run as many as you
 * like against one PostgreSQL database: they never send the same event at the
 * same time. Stops on SIGTERM/SIGINT after the attempts in flight.
 */

const SHUTDOWN_GRACE_MS = 20_000;

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config);
  if (!config.handoff.webhook) {
    // Emails are still sent; webhook events wait in the outbox.
    logger.warn('WEBHOOK_URL is not set: this worker sends emails only');
  }
  if (!config.databaseUrl) {
    // PGlite serves one process: the data directory lock will refuse this
    // worker while the web process has it open.
    logger.warn('DATABASE_URL is not set: a separate worker can only share PGlite with nobody; use WORKER_MODE=in-process instead');
  }
  // The same service as the web process, built the same way, but it only
  // delivers: it never listens for HTTP, and leaves pruning sessions to the web.
  const service = await buildService(config, { logger, delivery: true, session: { pruneIntervalMs: 0 } });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker shutting down');
    const forceExit = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
    forceExit.unref();
    service
      .close({ graceMs: SHUTDOWN_GRACE_MS / 2 })
      .then(() => {
        logger.info('worker stopped');
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ err }, 'error while stopping the worker');
        process.exit(1);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error('The worker could not start:', error);
  process.exit(1);
});
