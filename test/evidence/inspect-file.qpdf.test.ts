import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectFile } from '../../src/evidence/inspect-file.ts';
import { samplePdf } from '../support/sample-files.ts';

// inspect-file.test.ts's case that needs the qpdf program (scripts/test.sh installs it): not a unit test.
const dir = mkdtempSync(path.join(os.tmpdir(), 'irm-inspect-qpdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('inspectFile: what a file is comes from its bytes, and must match its name', () => {
  describe('password protection', () => {
    it('refuses a PDF encrypted by qpdf (AES-256, cross-reference stream)', async () => {
      const plain = path.join(dir, 'plain.pdf');
      const locked = path.join(dir, 'locked.pdf');
      writeFileSync(plain, samplePdf());
      execFileSync('qpdf', ['--object-streams=generate', '--encrypt', 'user-secret', 'owner-secret', '256', '--', plain, locked]);
      expect(await inspectFile(locked, 'letter.pdf', readFileSync(locked).length)).toEqual({ ok: false, problem: 'password-protected' });
    });
  });
});
