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
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_BYTES = /[\x00-\x08\x0b\x0e-\x1f\x7f]/;

export type TextCheck = 'utf8' | 'other-encoding' | 'not-text';

const UTF16_BOMS = [Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff])];

export async function checkPlainText(path: string): Promise<TextCheck> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  let utf8 = true;
  for await (const piece of filePieces(path, 64 * 1024)) {
    if (first && UTF16_BOMS.some((bom) => Buffer.from(piece.subarray(0, 2)).equals(bom))) return 'other-encoding';
    first = false;
    if (utf8) {
      try {
        if (CONTROL_CHARACTERS.test(decoder.decode(piece, { stream: true }))) return 'not-text';
        continue;
      } catch (error) {
        if (!(error instanceof TypeError)) throw error;
        utf8 = false; // not UTF-8: look at the rest as bytes
      }
    }
    if (CONTROL_BYTES.test(Buffer.from(piece).toString('latin1'))) return 'not-text';
  }
  if (utf8) {
    try {
      decoder.decode();
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      return 'other-encoding';
    }
    return 'utf8';
  }
  return 'other-encoding';
}
