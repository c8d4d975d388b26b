import type { EvidenceRole, ScanResult } from '../rules/evidence.ts';

/**
 * What the hand-off needs from evidence storage, and no more: the files an
 * application carries (for the event's metadata) and one file's bytes (for
 * the consumer API). stored-evidence.ts reads the store's evidence files; without it,
 * applications carry no evidence.
 */

export interface EvidenceMeta {
  id: string;
  /** The file name the applicant gave (shown to caseworkers, never trusted as a path). */
  name: string;
  /** The media type detected from the file's bytes. */
  type: string;
  size: number;
  /** Hex SHA-256 of the stored bytes, so the consumer can check its download. */
  sha256: string;
  scanResult: ScanResult;
  scannedAt?: Date;
  /** What the applicant uploaded it as, e.g. `decision-letter` or `supporting`. */
  role?: EvidenceRole;
}

/** One file's bytes, for the consumer API's download. */
export interface EvidenceDownload {
  name: string;
  type: string;
  size: number;
  /** All at once, or piece by piece so a large file is never held in memory. */
  bytes: Uint8Array | AsyncIterable<Uint8Array>;
  /** Called once every byte has been sent: records the download (retention counts from it). */
  downloaded?: () => Promise<void>;
}

export interface EvidenceCatalogue {
  listForApplication(applicationId: string): Promise<EvidenceMeta[]>;
  /** The file, only if it belongs to that application. */
  open(applicationId: string, fileId: string): Promise<EvidenceDownload | undefined>;
}

/** No application has files: for tests and for running without the evidence store. */
export const noEvidence: EvidenceCatalogue = {
  async listForApplication() {
    return [];
  },
  async open() {
    return undefined;
  },
};

/** An agency response's files: the ones its document lists, kept with the response's draft. */
export interface AgencyResponseEvidence {
  listForResponse(response: { draftId: string; data: unknown }): Promise<EvidenceMeta[]>;
  /** The file, only if it belongs to that response. */
  open(response: { draftId: string; data: unknown }, fileId: string): Promise<EvidenceDownload | undefined>;
}
