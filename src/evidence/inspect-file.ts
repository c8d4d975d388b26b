import { fileTypeFromFile } from 'file-type';
import { CompoundFileError, readCompoundFile } from './compound-file.ts';
import { FILE_KINDS, kindFromName, type FileKind } from './file-kinds.ts';
import { isEncryptedPdf } from './pdf-encryption.ts';
import { checkPlainText } from './plain-text.ts';
import { BadZipError, checkZipExpansion, readZip, ZipTooLargeError, type ZipLimits } from './zip-entries.ts';

/**
 * What a file really is, from its bytes: the name only says what it must
 * turn out to be. Each kind gets the check that fits it (a signature, a
 * container's structure, or for text the whole file's encoding), and the
 * kinds that can carry a password are checked for one.
 */

export type Inspection =
  | { readonly ok: true; readonly kind: FileKind; readonly mime: string }
  | { readonly ok: false; readonly problem: 'empty' | 'wrong-type' | 'not-utf8' | 'password-protected' | 'unpacks-too-large' };

const wrongType = { ok: false, problem: 'wrong-type' } as const;
const passwordProtected = { ok: false, problem: 'password-protected' } as const;
const accepted = (kind: FileKind): Inspection => ({ ok: true, kind, mime: FILE_KINDS[kind].mime });
const unpacksTooLarge = { ok: false, problem: 'unpacks-too-large' } as const;

/** Word and OpenDocument files are zips: at most 10,000 entries, unpacking to at most 100 MB and 100 times the file. */
export const ARCHIVE_LIMITS = { maxEntries: 10_000, maxBytes: 100 * 1024 * 1024, maxRatio: 100 } as const;

const limitsFor = (size: number): ZipLimits => ({
  maxEntries: ARCHIVE_LIMITS.maxEntries,
  maxBytes: Math.min(ARCHIVE_LIMITS.maxBytes, ARCHIVE_LIMITS.maxRatio * size),
});

/** Whether the zip unpacks within the limits (undefined: not a readable zip). */
async function unpacksWithinLimits(path: string, size: number): Promise<boolean | undefined> {
  try {
    await checkZipExpansion(path, limitsFor(size));
    return true;
  } catch (error) {
    if (error instanceof ZipTooLargeError) return false;
    if (error instanceof BadZipError) return undefined;
    throw error;
  }
}

export async function inspectFile(path: string, name: string, size: number): Promise<Inspection> {
  if (size === 0) return { ok: false, problem: 'empty' };
  const claimed = kindFromName(name);
  if (!claimed) return wrongType;
  const detected = (await fileTypeFromFile(path))?.ext;

  switch (claimed) {
    case 'pdf':
      if (detected !== 'pdf') return wrongType;
      return (await isEncryptedPdf(path)) ? passwordProtected : accepted('pdf');
    case 'jpg':
    case 'png':
      return detected === claimed ? accepted(claimed) : wrongType;
    case 'docx':
      if (detected === 'docx') {
        const within = await unpacksWithinLimits(path, size);
        if (within === undefined) return wrongType;
        return within ? accepted('docx') : unpacksTooLarge;
      }
      // A password-protected .docx is not a zip at all but an encrypted package in a compound file.
      if (detected === 'cfb') return (await compoundFile(path))?.encryptedPackage ? passwordProtected : wrongType;
      return wrongType;
    case 'doc': {
      if (detected !== 'cfb') return wrongType;
      const summary = await compoundFile(path);
      if (summary?.encryptedPackage) return passwordProtected;
      if (!summary?.wordDocument) return wrongType;
      return summary.wordDocument.encrypted ? passwordProtected : accepted('doc');
    }
    case 'odt': {
      if (detected !== 'odt') return wrongType;
      const zip = await zipOf(path, 'META-INF/manifest.xml');
      if (!zip) return wrongType;
      // ODF encrypts each part and records how in the manifest.
      if (zip.entryText?.includes('encryption-data')) return passwordProtected;
      const within = await unpacksWithinLimits(path, size);
      if (within === undefined) return wrongType;
      return within ? accepted('odt') : unpacksTooLarge;
    }
    case 'txt': {
      const text = await checkPlainText(path);
      // Text in another encoding is refused with its own message (file-type takes UTF-16 for MPEG audio).
      if (text === 'other-encoding') return { ok: false, problem: 'not-utf8' };
      // file-type knows text only when it looks like XML or the like; any binary signature rules it out.
      return text === 'utf8' && (detected === undefined || detected === 'xml') ? accepted('txt') : wrongType;
    }
  }
}

async function compoundFile(path: string) {
  try {
    return await readCompoundFile(path);
  } catch (error) {
    if (error instanceof CompoundFileError) return undefined;
    throw error;
  }
}

async function zipOf(path: string, entry: string) {
  try {
    return await readZip(path, entry);
  } catch (error) {
    if (error instanceof BadZipError) return undefined;
    throw error;
  }
}
