import { filePieces } from './file-pieces.ts';

/**
 * A .txt upload must really be text: valid UTF-8 (a byte-order mark is fine)
 * with no NULs or other control characters but tab, line feed, form feed and
 * carriage return. That rules out binaries renamed .txt, which no byte
 * signature would catch.
 *
 * Text in another encoding is told apart, so the person can be told what to
 * do: UTF-16 (by its byte-order mark) and legacy 8-bit text such as
 * Windows-1252 (not UTF-8, yet no control characters) are `other-encoding`.
 *
 * Control characters are found in the bytes: in UTF-8 (and in 8-bit
 * encodings) a byte below 0x20, or 0x7f, is always that ASCII character.
 */

export type TextCheck = 'utf8' | 'other-encoding' | 'not-text';

const ALLOWED_CONTROLS = new Set([0x09, 0x0a, 0x0c, 0x0d]);
const hasControlByte = (bytes: Uint8Array): boolean => bytes.some((b) => (b < 0x20 && !ALLOWED_CONTROLS.has(b)) || b === 0x7f);
const startsWithUtf16Bom = (bytes: Uint8Array): boolean => (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);

export async function checkPlainText(path: string): Promise<TextCheck> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  let utf8 = true;
  for await (const piece of filePieces(path, 64 * 1024)) {
    // UTF-16 has NUL bytes in every ASCII character: tell it by its mark before looking for controls.
    if (first && startsWithUtf16Bom(piece)) return 'other-encoding';
    first = false;
    if (hasControlByte(piece)) return 'not-text';
    if (utf8) {
      try {
        decoder.decode(piece, { stream: true });
      } catch (error) {
        if (!(error instanceof TypeError)) throw error;
        utf8 = false;
      }
    }
  }
  if (!utf8) return 'other-encoding';
  try {
    decoder.decode();
    return 'utf8';
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return 'other-encoding';
  }
}
