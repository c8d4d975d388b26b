import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every request removes its own upload folder, but a process killed part-way
 * cannot. Each process names its folders after its process id
 * (`upload-<pid>-…`), so at start-up it can take away, however new, the
 * folders of any process that is no longer running — and those with its own
 * id, which an earlier process given the same id left (a restarted container
 * is often pid 1 again) — while another running process sharing the directory
 * keeps its uploads in flight. Any upload folder older than a request could
 * last goes too.
 */
export const STALE_UPLOAD_MS = 60 * 60 * 1000;

/** The start of this process's upload folder names (for mkdtemp). */
export const uploadFolderPrefix = (): string => `upload-${String(process.pid)}-`;

const FOLDER = /^upload-(\d+)-/;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** When this process started, in ms since the epoch. */
const processStartedAt = Date.now() - process.uptime() * 1000;

/** Whether the folder was left by a process that can no longer be using it. */
function ownerIsGone(name: string, mtimeMs: number): boolean {
  const pid = Number(FOLDER.exec(name)?.[1] ?? Number.NaN);
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  // Ours, but from before we started: an earlier process with the same id.
  if (pid === process.pid) return mtimeMs < processStartedAt;
  return !isRunning(pid);
}

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
    if (!ownerIsGone(name, mtimeMs) && now - mtimeMs < olderThanMs) continue;
    await rm(folder, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
