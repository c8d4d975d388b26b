import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeStaleUploads, STALE_UPLOAD_MS, uploadFolderPrefix } from '../../src/evidence/stale-uploads.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'irm-stale-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
function folderWith(names: readonly string[]): string {
  const dir = path.join(root, `case-${String(n++)}`);
  for (const name of names) {
    mkdirSync(path.join(dir, name), { recursive: true });
    writeFileSync(path.join(dir, name, 'part'), 'x');
  }
  return dir;
}

/** The pid of a process that has ended. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid;

describe('removeStaleUploads', () => {
  it('names each process’s upload folders after it', () => {
    expect(uploadFolderPrefix()).toBe(`upload-${String(process.pid)}-`);
  });

  it('removes, at start-up, the folders of a process that is no longer running, however new', async () => {
    const dead = `upload-${String(deadPid())}-abc`;
    const dir = folderWith([dead]);
    expect(await removeStaleUploads(dir)).toEqual([dead]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removes folders with this process’s own id from before it started (an earlier process given the same id, as in a restarted container)', async () => {
    const before = new Date(Date.now() - process.uptime() * 1000 - 60_000);
    const [earlier, current] = [`${uploadFolderPrefix()}def`, `${uploadFolderPrefix()}jkl`];
    const dir = folderWith([earlier, current]);
    utimesSync(path.join(dir, earlier), before, before);
    expect(await removeStaleUploads(dir)).toEqual([earlier]);
    expect(readdirSync(dir)).toEqual([current]);
  });

  it('keeps a running process’s young folders, and anything not an upload folder', async () => {
    const running = `upload-${String(process.ppid)}-ghi`;
    const dir = folderWith([running, 'something-else']);
    expect(await removeStaleUploads(dir)).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['something-else', running]);
  });

  it('removes any upload folder older than a request could last', async () => {
    const now = Date.now();
    const old = new Date(now - STALE_UPLOAD_MS - 60_000);
    const names = [`upload-${String(process.ppid)}-old`, 'upload-old', 'upload-new', 'something-else'];
    const dir = folderWith(names);
    for (const name of [names[0], names[1], 'something-else']) if (name) utimesSync(path.join(dir, name), old, old);
    expect((await removeStaleUploads(dir, now)).sort()).toEqual([`upload-${String(process.ppid)}-old`, 'upload-old']);
    expect(readdirSync(dir).sort()).toEqual(['something-else', 'upload-new']);
  });

  it('is content with a directory that does not exist yet', async () => {
    expect(await removeStaleUploads(path.join(root, 'missing'))).toEqual([]);
  });
});
