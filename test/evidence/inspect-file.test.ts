import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectFile, type Inspection } from '../../src/evidence/inspect-file.ts';
import { isEncryptedPdf } from '../../src/evidence/pdf-encryption.ts';
import {
  EICAR,
  sampleCompoundFile,
  sampleDoc,
  sampleDocx,
  sampleEncryptedDocx,
  sampleExe,
  sampleJpg,
  sampleOdt,
  samplePdf,
  samplePng,
} from '../support/sample-files.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'irm-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function inspect(name: string, content: Buffer): Promise<Inspection> {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}-${name.replace(/[/\\]/g, '_')}`);
  writeFileSync(file, content);
  return inspectFile(file, name, content.length);
}

const ok = (kind: string): unknown => expect.objectContaining({ ok: true, kind });
const refused = (problem: string) => ({ ok: false, problem });

describe('inspectFile: what a file is comes from its bytes, and must match its name', () => {
  it.each<[string, () => Buffer, string]>([
    ['letter.pdf', () => samplePdf(), 'pdf'],
    ['LETTER.PDF', () => samplePdf(), 'pdf'],
    ['photo.jpg', sampleJpg, 'jpg'],
    ['photo.jpeg', sampleJpg, 'jpg'],
    ['scan.png', samplePng, 'png'],
    ['notes.docx', sampleDocx, 'docx'],
    ['notes.doc', () => sampleDoc(), 'doc'],
    ['notes.odt', () => sampleOdt(), 'odt'],
    ['summary.txt', () => Buffer.from('Crynodeb – ŵ ŷ\r\nSecond line\twith a tab\n'), 'txt'],
    ['bom.txt', () => Buffer.from('\ufeffWith a byte-order mark\n'), 'txt'],
  ])('accepts %s', async (name, make, kind) => {
    expect(await inspect(name, make())).toEqual(ok(kind));
  });

  it.each<[string, () => Buffer, string]>([
    ['a PNG renamed .pdf', samplePng, 'scan.pdf'],
    ['a program renamed .pdf', sampleExe, 'letter.pdf'],
    ['a program renamed .txt', sampleExe, 'letter.txt'],
    ['a PDF renamed .docx', () => samplePdf(), 'letter.docx'],
    ['a .docx renamed .odt', sampleDocx, 'letter.odt'],
    ['a zip that is not a document', () => Buffer.from(zipSync({ 'a.txt': new Uint8Array([1]) })), 'letter.docx'],
    ['a compound file that is not a Word document', () => sampleCompoundFile({ Workbook: Buffer.alloc(4096) }), 'letter.doc'],
    ['a broken compound file', () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600, 0xff)]), 'letter.doc'],
    ['text with a NUL byte', () => Buffer.from('text\0more'), 'notes.txt'],
    ['an allowed file with a name that is not', () => samplePdf(), 'letter.exe'],
    ['a file with no extension', () => samplePdf(), 'letter'],
    ['a web page', () => Buffer.from('<html><script>alert(1)</script></html>'), 'letter.html'],
  ])('refuses %s', async (_label, make, name) => {
    expect(await inspect(name, make())).toEqual(refused('wrong-type'));
  });

  it.each<[string, () => Buffer]>([
    // "Café, naïve – £10" as Windows-1252 writes it (0x96 is its en dash).
    ['Windows-1252 (Latin-1) text', () => Buffer.concat([Buffer.from('Café, naïve ', 'latin1'), Buffer.from([0x96]), Buffer.from(' £10\r\n', 'latin1')])],
    ['UTF-16 text with its byte-order mark', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Notes from the meeting\r\n', 'utf16le')])],
    ['big-endian UTF-16 text', () => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('Notes', 'utf16le').swap16()])],
  ])('says %s must be saved as UTF-8, rather than that it is the wrong kind of file', async (_label, make) => {
    expect(await inspect('notes.txt', make())).toEqual(refused('not-utf8'));
  });

  describe('archive bombs: a Word or OpenDocument file that unpacks too large', () => {
    it('refuses a .docx whose one entry unpacks to 1,000 times the file', async () => {
      const bomb = sampleDocx({ 'word/media/zeros.bin': new Uint8Array(40 * 1024 * 1024) });
      expect(bomb.length).toBeLessThan(100 * 1024);
      expect(await inspect('letter.docx', bomb)).toEqual(refused('unpacks-too-large'));
    });

    it('refuses a .docx of more than 10,000 entries', async () => {
      const entries = Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`word/parts/${String(i)}.xml`, new Uint8Array([60])]));
      expect(await inspect('letter.docx', sampleDocx(entries))).toEqual(refused('unpacks-too-large'));
    });

    it('refuses an .odt that unpacks too large, and still accepts ordinary documents', async () => {
      const odt = Buffer.from(
        zipSync({
          mimetype: [new TextEncoder().encode('application/vnd.oasis.opendocument.text'), { level: 0 }],
          'content.xml': new Uint8Array(30 * 1024 * 1024),
          'META-INF/manifest.xml': new TextEncoder().encode('<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'),
        }),
      );
      expect(await inspect('letter.odt', odt)).toEqual(refused('unpacks-too-large'));
      expect(await inspect('notes.docx', sampleDocx({ 'word/media/picture.png': samplePng() }))).toEqual(ok('docx'));
    });
  });

  it('refuses an empty file', async () => {
    expect(await inspect('letter.pdf', Buffer.alloc(0))).toEqual(refused('empty'));
  });

  it('lets the EICAR test file through as text: finding viruses is the scanner’s job', async () => {
    expect(await inspect('eicar.txt', EICAR)).toEqual(ok('txt'));
  });

  describe('password protection', () => {
    it('refuses a PDF with an encryption dictionary', async () => {
      expect(await inspect('letter.pdf', samplePdf({ encrypt: true }))).toEqual(refused('password-protected'));
    });

    // A PDF encrypted by qpdf: inspect-file.qpdf.test.ts (it needs the qpdf program, so it is not a unit test).

    it('is not fooled by /EncryptMetadata alone, or by the word in text', async () => {
      expect(await inspect('letter.pdf', samplePdf({ text: 'Encrypt EncryptMetadata' }))).toEqual(ok('pdf'));
    });

    it('finds /Encrypt across a chunk boundary', async () => {
      const file = path.join(dir, 'boundary.pdf');
      // 64 KiB chunks: put the marker across the first boundary.
      const head = Buffer.alloc(64 * 1024 - 4, 0x20);
      head.write('%PDF-1.7\n', 0, 'latin1');
      writeFileSync(file, Buffer.concat([head, Buffer.from('/Encrypt 5 0 R\n', 'latin1')]));
      expect(await isEncryptedPdf(file)).toBe(true);
    });

    it('refuses a Word 97–2003 document with the encrypted flag, in the mini stream or not', async () => {
      expect(await inspect('letter.doc', sampleDoc({ encrypted: true }))).toEqual(refused('password-protected'));
      expect(await inspect('letter.doc', sampleDoc({ encrypted: true, streamBytes: 100 }))).toEqual(refused('password-protected'));
      expect(await inspect('letter.doc', sampleDoc({ streamBytes: 100 }))).toEqual(ok('doc'));
    });

    it('refuses a password-protected .docx (an encrypted package in a compound file)', async () => {
      expect(await inspect('letter.docx', sampleEncryptedDocx())).toEqual(refused('password-protected'));
      expect(await inspect('letter.doc', sampleEncryptedDocx())).toEqual(refused('password-protected'));
    });

    it('refuses a password-protected .odt', async () => {
      expect(await inspect('letter.odt', sampleOdt({ encrypted: true }))).toEqual(refused('password-protected'));
    });
  });
});
