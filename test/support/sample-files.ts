import { deflateSync } from 'node:zlib';
import CFB from 'cfb';
import { strToU8, zipSync } from 'fflate';

/**
 * Small, real files of each kind an applicant may upload, made in code so
 * the tests need no fixtures: each is what its signature and structure say.
 */

/** A one-page PDF with a correct cross-reference table. `padding` bytes of comment make it as large as needed. */
export function samplePdf(options: { text?: string; padding?: number; encrypt?: boolean } = {}): Buffer {
  const text = (options.text ?? 'Decision letter').replace(/[()\\]/g, '');
  const content = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  // An encryption dictionary as a password-protected PDF has one (RC4, 128-bit); the strings stay unencrypted, which is enough to be detected.
  if (options.encrypt) objects.push(`<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <${'ab'.repeat(32)}> /U <${'cd'.repeat(32)}> >>`);
  let body = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (const [i, object] of objects.entries()) {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  }
  if (options.padding) {
    // Comment lines: exactly `padding` bytes, each ending in a newline so the next keyword stays whole.
    const line = `%${'x'.repeat(98)}\n`;
    const rest = options.padding % line.length;
    body += line.repeat(Math.floor(options.padding / line.length)) + (rest === 0 ? '' : rest === 1 ? '\n' : `%${'x'.repeat(rest - 2)}\n`);
  }
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  const encrypt = options.encrypt ? ` /Encrypt ${objects.length} 0 R /ID [<${'12'.repeat(16)}> <${'12'.repeat(16)}>]` : '';
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${encrypt} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A valid PDF of exactly `size` bytes. */
export function samplePdfOfSize(size: number, text?: string): Buffer {
  let padding = 0;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const pdf = samplePdf({ text, padding });
    if (pdf.length === size) return pdf;
    padding += size - pdf.length;
    if (padding < 0) break;
  }
  throw new Error(`Cannot make a PDF of exactly ${size} bytes`);
}

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** A 2×2 RGB PNG. */
export function samplePng(): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The start of a JPEG (SOI, a JFIF APP0 segment) and its end: enough for its signature. */
export function sampleJpg(): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, Buffer.from([0xff, 0xd9])]);
}

/** A minimal Word document (.docx): content types, relationships and the document part, zipped. */
/** A minimal Word document; `extra` adds entries (e.g. to make an archive bomb). */
export function sampleDocx(extra: Record<string, Uint8Array> = {}): Buffer {
  const files = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Notes of the meeting</w:t></w:r></w:p></w:body></w:document>',
    ),
    // After the parts file-type looks for first.
    ...extra,
  };
  return Buffer.from(zipSync(files));
}

/** A minimal OpenDocument text file; `encrypted` adds the manifest entry a password-protected one has. */
export function sampleOdt(options: { encrypted?: boolean } = {}): Buffer {
  const encryption = options.encrypted
    ? '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"><manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="x"/></manifest:encryption-data>'
    : '';
  const files = {
    // ODF requires this first and stored uncompressed.
    mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }] as [Uint8Array, { level: 0 }],
    'content.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"><office:body><office:text/></office:body></office:document-content>',
    ),
    'META-INF/manifest.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">${encryption}</manifest:file-entry></manifest:manifest>`,
    ),
  };
  return Buffer.from(zipSync(files));
}

/** The EICAR anti-virus test file: harmless, and detected as a virus by every scanner. */
export const EICAR = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*', 'latin1');

/** The bytes for a file name, by its extension. */
export function sampleFile(name: string): { name: string; content: Buffer } {
  const extension = name.slice(name.lastIndexOf('.')).toLowerCase();
  const makers: Record<string, () => Buffer> = {
    '.pdf': () => samplePdf(),
    '.png': samplePng,
    '.jpg': sampleJpg,
    '.docx': sampleDocx,
    '.odt': () => sampleOdt(),
    '.txt': () => Buffer.from('A short summary of my case.\n', 'utf8'),
  };
  const make = makers[extension];
  if (!make) throw new Error(`No sample file for ${name}`);
  return { name, content: make() };
}

/**
 * A compound (OLE2) file with the given root-level streams, written by the
 * `cfb` package: an independent writer to check our reader against.
 */
export function sampleCompoundFile(streams: Record<string, Buffer>): Buffer {
  const container = CFB.utils.cfb_new();
  for (const [name, content] of Object.entries(streams)) CFB.utils.cfb_add(container, `/${name}`, content);
  const written: unknown = CFB.write(container, { type: 'buffer', fileType: 'cfb' });
  if (!(written instanceof Uint8Array)) throw new Error('cfb did not write a buffer');
  return Buffer.from(written);
}

/** A Word 97–2003 document's File Information Block start: wIdent, nFib, and the flags word with fEncrypted. */
export function sampleDoc(options: { encrypted?: boolean; streamBytes?: number } = {}): Buffer {
  const fib = Buffer.alloc(options.streamBytes ?? 4096);
  fib.writeUInt16LE(0xa5ec, 0);
  fib.writeUInt16LE(0x00c1, 2);
  fib.writeUInt16LE(options.encrypted ? 0x0100 : 0, 0x0a);
  return sampleCompoundFile({ WordDocument: fib, '1Table': Buffer.alloc(512) });
}

/** What Office writes for a password-protected .docx: the package encrypted inside a compound file. */
export function sampleEncryptedDocx(): Buffer {
  return sampleCompoundFile({ EncryptionInfo: Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]), EncryptedPackage: Buffer.alloc(4096, 7) });
}

/** The start of a Windows program: what a renamed .exe looks like. */
export function sampleExe(): Buffer {
  const exe = Buffer.alloc(512);
  exe.write('MZ', 0, 'latin1');
  exe.writeUInt32LE(0x80, 0x3c);
  exe.write('PE\0\0', 0x80, 'latin1');
  return exe;
}
