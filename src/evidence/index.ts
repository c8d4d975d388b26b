import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database } from '../store/database.ts';
import { createEvidenceFileRepository, type EvidenceFileRepository } from '../store/evidence-files.ts';
import type { EvidenceSettings } from './evidence-page.ts';
import { clamdScanner, noScanner, type VirusScanner } from './scanner.ts';
import { removeStaleUploads } from './stale-uploads.ts';

/** Evidence uploads as the service wires them: the files table, the scanner and the limits from configuration. */
export interface EvidenceDeps {
  readonly files: EvidenceFileRepository;
  readonly scanner: VirusScanner;
  readonly settings: EvidenceSettings;
}

export function createEvidenceDeps(config: Config['evidence'], db: Database, logger?: Logger): EvidenceDeps {
  const scanner = config.clamd ? clamdScanner(config.clamd, config.scanTimeoutMs) : noScanner;
  if (!config.clamd) {
    // Configuration refuses this in production; elsewhere say it loudly once.
    logger?.warn('No virus scanner: set CLAMD_HOST (and CLAMD_PORT) or CLAMD_SOCKET. Uploaded files are stored marked "not-scanned".');
  }
  removeStaleUploads(config.tempDir).then(
    (removed) => {
      if (removed.length > 0) logger?.warn({ removed: removed.length, tempDir: config.tempDir }, 'removed uploads left behind by a stopped process');
    },
    (err: unknown) => logger?.error({ err, tempDir: config.tempDir }, 'could not look for uploads left behind'),
  );
  return {
    files: createEvidenceFileRepository(db),
    scanner,
    settings: { maxFileBytes: config.maxFileBytes, maxFiles: config.maxFiles, tempDir: config.tempDir },
  };
}

/** Logs whether clamd answers (and its signature version); uploads fail closed while it does not. */
export async function reportScanner(scanner: VirusScanner, logger: Logger): Promise<void> {
  try {
    logger.info({ scanner: scanner.description, version: await scanner.check() }, 'virus scanner ready');
  } catch (err) {
    logger.error({ err, scanner: scanner.description }, 'virus scanner not answering: uploads will be refused until it does');
  }
}

export { clamdScanner, noScanner, type VirusScanner } from './scanner.ts';
export type { EvidenceSettings } from './evidence-page.ts';
