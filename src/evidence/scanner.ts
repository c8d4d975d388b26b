import type { ScanResult } from '../rules/evidence.ts';
import { clamdPing, clamdScanFile, clamdVersion, describeAddress, type ClamdAddress } from './clamd.ts';

/**
 * The virus scanner as the upload pipeline sees it. "not-scanned" exists for
 * development machines without ClamAV only: configuration refuses to start a
 * production service without clamd.
 */
export type { ScanResult };

export type ScanVerdict = { readonly result: ScanResult } | { readonly result: 'infected'; readonly signature: string };

export interface VirusScanner {
  /** e.g. "clamd at 127.0.0.1:3310", for logs. */
  readonly description: string;
  /** @throws ScanFailedError when no verdict could be had: the file must then be refused. */
  scan(path: string): Promise<ScanVerdict>;
  /** Whether the scanner answers, and what it is (for a start-up log line). */
  check(): Promise<string>;
  /** Resolves when the scanner answers at all (clamd: PING), for the readiness check. */
  ping(): Promise<void>;
}

export function clamdScanner(address: ClamdAddress, timeoutMs: number): VirusScanner {
  const options = { address, timeoutMs };
  return {
    description: `clamd at ${describeAddress(address)}`,
    async scan(path) {
      const verdict = await clamdScanFile(path, options);
      return verdict.infected ? { result: 'infected', signature: verdict.signature } : { result: 'clean' };
    },
    async check() {
      await clamdPing(options);
      return clamdVersion(options);
    },
    ping: () => clamdPing(options),
  };
}

/** Development without ClamAV: every file is stored marked "not-scanned". */
export const noScanner: VirusScanner = {
  description: 'no virus scanner (files are stored marked not-scanned)',
  scan: async () => ({ result: 'not-scanned' }),
  check: async () => 'no virus scanner configured',
  ping: async () => {
    // Nothing to reach: always ready.
  },
};
