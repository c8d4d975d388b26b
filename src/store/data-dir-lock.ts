import { mkdir, open, readFile, rm } from 'node:fs/promises';

/**
 * PGlite is a single-process database: two processes opening the same
 * directory (say, the server and a worker started by hand) would each run
 * their own Postgres over the same files and corrupt them. A lock file holding
 * the owner's pid turns that into a clear start-up error.
 */
export class DataDirectoryInUseError extends Error {
  constructor(directory: string, pid: number) {
    super(
      `The PGlite database in ${directory} is already open in process ${pid}. ` +
        'PGlite serves one process only: stop the other process, or set DATABASE_URL to share a PostgreSQL database.',
    );
    this.name = 'DataDirectoryInUseError';
  }
}

export interface DataDirectoryLock {
  release(): Promise<void>;
}

export async function lockDataDirectory(directory: string): Promise<DataDirectoryLock> {
  await mkdir(directory, { recursive: true });
  const lockPath = `${directory}.lock`;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => rm(lockPath, { force: true }) };
    } catch (err) {
      if (!isErrorCode(err, 'EEXIST')) throw err;
      const owner = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
        throw new DataDirectoryInUseError(directory, owner);
      }
      // Left behind by a process that died without closing: take it over.
      await rm(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${directory}: ${lockPath} keeps reappearing`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return isErrorCode(err, 'EPERM');
  }
}

function isErrorCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === code;
}
