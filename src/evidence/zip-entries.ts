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

/** A zip that unpacks to more than a document could need: an archive bomb, or something else that is no letter. */
export class ZipTooLargeError extends Error {
  constructor(reason: string) {
    super(`The zip unpacks too large: ${reason}`);
    this.name = 'ZipTooLargeError';
  }
}

export interface ZipLimits {
  /** Entries in all. */
  readonly maxEntries: number;
  /** Bytes, all entries unpacked. */
  readonly maxBytes: number;
}

/**
 * Unpacks every entry, counting, and stops as soon as the zip passes a limit:
 * first by what its central directory says (entries, sizes), then by what
 * inflating really gives, which yauzl holds to the declared sizes.
 * @throws ZipTooLargeError, BadZipError
 */
export function checkZipExpansion(path: string, limits: ZipLimits): Promise<{ entries: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true }, (openError, zip) => {
      if (openError) return reject(new BadZipError(openError));
      let entries = 0;
      let declared = 0;
      let bytes = 0;
      let failed = false;
      const fail = (error: Error): void => {
        if (failed) return;
        failed = true;
        zip.close();
        reject(error instanceof ZipTooLargeError ? error : new BadZipError(error));
      };
      if (zip.entryCount > limits.maxEntries) return fail(new ZipTooLargeError(`${String(zip.entryCount)} entries`));
      zip.on('error', fail);
      zip.on('end', () => {
        if (!failed) resolve({ entries, bytes });
      });
      zip.on('entry', (entry: yauzl.Entry) => {
        entries += 1;
        declared += entry.uncompressedSize;
        if (entries > limits.maxEntries) return fail(new ZipTooLargeError(`more than ${String(limits.maxEntries)} entries`));
        if (declared > limits.maxBytes) return fail(new ZipTooLargeError(`${String(declared)} bytes declared`));
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return fail(streamError);
          stream.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            if (bytes > limits.maxBytes) {
              stream.destroy();
              fail(new ZipTooLargeError(`more than ${String(limits.maxBytes)} bytes unpacked`));
            }
          });
          stream.on('error', fail);
          stream.on('end', () => zip.readEntry());
        });
      });
      zip.readEntry();
    });
  });
}
