import yauzl from 'yauzl';

/**
 * Reads a zip's central directory (and, on request, one small entry) with
 * yauzl, which works from the file on disk rather than holding it in memory.
 * Used to check an OpenDocument file: that it is a whole zip, and whether its
 * manifest says its contents are encrypted (a password-protected .odt).
 */

const MAX_MANIFEST_BYTES = 1024 * 1024;

export class BadZipError extends Error {
  constructor(cause: unknown) {
    super(`Not a readable zip file: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'BadZipError';
  }
}

export interface ZipSummary {
  readonly names: ReadonlySet<string>;
  /** The text of the entry asked for, when the zip has it. */
  readonly entryText?: string;
}

export function readZip(path: string, entryToRead?: string): Promise<ZipSummary> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true }, (openError, zip) => {
      if (openError) return reject(new BadZipError(openError));
      const names = new Set<string>();
      let entryText: string | undefined;
      const fail = (error: unknown): void => {
        zip.close();
        reject(new BadZipError(error));
      };
      zip.on('error', fail);
      zip.on('end', () => resolve({ names, entryText }));
      zip.on('entry', (entry: yauzl.Entry) => {
        names.add(entry.fileName);
        if (entry.fileName !== entryToRead) return zip.readEntry();
        if (entry.uncompressedSize > MAX_MANIFEST_BYTES) return fail(new Error(`${entry.fileName} is too large`));
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return fail(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', fail);
          stream.on('end', () => {
            entryText = Buffer.concat(chunks).toString('utf8');
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
