import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeStaleUploads, STALE_UPLOAD_MS } from '../../src/evidence/stale-uploads.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'irm-stale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('removeStaleUploads', () => {
  it('removes upload folders older than any request could last, and nothing else', async () => {
    const now = Date.now();
    const old = new Date(now - STALE_UPLOAD_MS - 60_000);
    for (const name of ['upload-old', 'upload-new', 'something-else']) {
      mkdirSync(path.join(dir, name));
      writeFileSync(path.join(dir, name, 'part'), 'x');
    }
    utimesSync(path.join(dir, 'upload-old'), old, old);
    utimesSync(path.join(dir, 'something-else'), old, old);
    expect(await removeStaleUploads(dir, now)).toEqual(['upload-old']);
    expect(readdirSync(dir).sort()).toEqual(['something-else', 'upload-new']);
  });

  it('is content with a directory that does not exist yet', async () => {
    expect(await removeStaleUploads(path.join(dir, 'missing'))).toEqual([]);
  });
});
