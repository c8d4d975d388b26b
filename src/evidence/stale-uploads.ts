import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every request removes its own upload folder, but a process killed part-way
 * cannot. At start-up, folders older than any request could last are taken
 * away; younger ones may belong to another process sharing the directory.
 */
export const STALE_UPLOAD_MS = 60 * 60 * 1000;

export async function removeStaleUploads(tempDir: string, now: number = Date.now(), olderThanMs: number = STALE_UPLOAD_MS): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(tempDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const removed: string[] = [];
  for (const name of names.filter((n) => n.startsWith('upload-'))) {
    const folder = path.join(tempDir, name);
    const { mtimeMs } = await stat(folder);
    if (now - mtimeMs < olderThanMs) continue;
    await rm(folder, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
