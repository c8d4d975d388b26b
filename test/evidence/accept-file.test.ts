import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acceptFile } from '../../src/evidence/accept-file.ts';
import type { VirusScanner } from '../../src/evidence/scanner.ts';
import type { EvidenceFileRepository } from '../../src/store/evidence-files.ts';
import { samplePdf } from '../support/sample-files.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'irm-accept-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A scanner that finds what it is told to, and a files table nothing may reach. */
const scannerFinding = (signature: string): VirusScanner => ({
  description: 'fake clamd',
  scan: async () => ({ result: 'infected', signature }),
  check: async () => 'ClamAV 1.0.0',
  ping: async () => undefined,
});
const noFiles = new Proxy({} as EvidenceFileRepository, {
  get: () => () => {
    throw new Error('nothing may be stored');
  },
});

describe('acceptFile and the virus scanner’s verdict', () => {
  const upload = () => {
    const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
    const bytes = samplePdf();
    writeFileSync(file, bytes);
    return { path: file, originalName: 'letter.pdf', size: bytes.length };
  };

  it('refuses a file clamd found infected, as a virus', async () => {
    const result = await acceptFile({ files: noFiles, scanner: scannerFinding('Eicar-Test-Signature') }, upload(), { draftId: 'd', role: 'supporting' });
    expect(result).toMatchObject({ ok: false, problem: 'virus' });
  });

  it('refuses a file clamd could not scan whole (its limits exceeded), saying it unpacks too large', async () => {
    const result = await acceptFile({ files: noFiles, scanner: scannerFinding('Heuristics.Limits.Exceeded.MaxScanSize') }, upload(), {
      draftId: 'd',
      role: 'supporting',
    });
    expect(result).toMatchObject({ ok: false, problem: 'unpacks-too-large' });
  });
});
