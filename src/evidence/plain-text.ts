import { filePieces } from './file-pieces.ts';

/**
 * A .txt upload must really be text: valid UTF-8 (a byte-order mark is fine)
 * with no NULs or other control characters but tab, line feed, form feed and
 * carriage return. That rules out binaries renamed .txt, which no byte
 * signature would catch.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

export async function isPlainText(path: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const piece of filePieces(path, 64 * 1024)) {
      if (CONTROL_CHARACTERS.test(decoder.decode(piece, { stream: true }))) return false;
    }
    decoder.decode();
    return true;
  } catch (error) {
    if (error instanceof TypeError) return false; // not UTF-8
    throw error;
  }
}
