import { createReadStream } from 'node:fs';

/**
 * Whether a PDF is encrypted, i.e. has an /Encrypt entry. That entry can only
 * be in the trailer dictionary or in a cross-reference stream's dictionary,
 * and neither may be compressed, so the name appears in the file's bytes as
 * written. Reading the file as a stream keeps memory flat however large it is.
 *
 * Why not a PDF library: pdf-lib (unmaintained since 2021) parses every
 * object into memory before it reports encryption, several times the file's
 * size for a 10 MB upload; pdf.js needs Node 20.19+ and a worker set-up for
 * the same one bit.
 *
 * Every encrypted PDF is refused, including those with only an "owner"
 * password (which limits printing or editing but opens without one): a
 * caseworker system may not be able to work with them, and the applicant can
 * remove the protection by saving or printing the letter as a new PDF.
 */

const MARKER = Buffer.from('/Encrypt', 'latin1');
// PDF whitespace and delimiters: what may follow a complete name token.
const TOKEN_END = new Set([...'\0\t\n\f\r ()<>[]{}/%'].map((c) => c.charCodeAt(0)));

export async function isEncryptedPdf(path: string): Promise<boolean> {
  let carry = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
    const data = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    let at = data.indexOf(MARKER);
    while (at !== -1) {
      const next = data[at + MARKER.length];
      // /EncryptMetadata is a different name; a marker at the very end of the chunk waits for the next.
      if (next === undefined) break;
      if (TOKEN_END.has(next)) return true;
      at = data.indexOf(MARKER, at + 1);
    }
    // Keep enough of the tail to see a marker cut by the chunk boundary, with the byte after it.
    carry = Buffer.from(data.subarray(Math.max(0, data.length - MARKER.length)));
  }
  return false;
}
