import { open } from 'node:fs/promises';

/**
 * Reads a file piece by piece into ONE buffer that is reused for every piece,
 * so a pass over a 10 MB upload leaves no 10 MB of garbage behind for the
 * collector to find later: memory stays at one piece per pass, per upload.
 *
 * Each piece is valid only until the promise its consumer returns settles
 * (or, for the generator, until the next piece is asked for): copy it to keep it.
 * `prefix` bytes at the front of the buffer are left for the caller (carry-over).
 */
export async function* filePieces(path: string, pieceBytes: number): AsyncGenerator<Buffer, void, undefined> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(pieceBytes);
    let position = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, pieceBytes, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}
