import { filePieces } from './file-pieces.ts';

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
const TOKEN_END = new Set(Buffer.from('\0\t\n\f\r ()<>[]{}/%', 'latin1'));

export async function isEncryptedPdf(path: string): Promise<boolean> {
  // The last bytes of the previous piece, so a marker cut in two is still seen whole.
  const window = Buffer.alloc(MARKER.length * 2);
  let carried = 0;
  for await (const piece of filePieces(path, 64 * 1024)) {
    // Across the boundary: the carried tail followed by the first bytes of this piece.
    const joined = Buffer.concat([window.subarray(0, carried), piece.subarray(0, MARKER.length)], carried + Math.min(piece.length, MARKER.length));
    if (hasMarker(joined, 0) || hasMarker(piece, 0)) return true;
    carried = Math.min(MARKER.length, piece.length);
    piece.copy(window, 0, piece.length - carried);
  }
  return false;
}

/** Whether `data` has the /Encrypt name, followed by a delimiter, from `from` on. */
function hasMarker(data: Buffer, from: number): boolean {
  let at = data.indexOf(MARKER, from);
  while (at !== -1) {
    const next = data[at + MARKER.length];
    // /EncryptMetadata is a different name; a marker at the very end is seen again with what follows.
    if (next !== undefined && TOKEN_END.has(next)) return true;
    at = data.indexOf(MARKER, at + 1);
  }
  return false;
}
