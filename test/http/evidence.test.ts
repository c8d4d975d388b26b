import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { evidenceCatalogue } from '../../src/handoff/stored-evidence.ts';
import { clamdScanner } from '../../src/evidence/scanner.ts';
import { startApp } from '../support/app.ts';
import { CLAMAV_TESTFILES_DIR, testClamd } from '../support/clamd.ts';
import { EICAR, sampleDoc, sampleDocx, sampleExe, sampleJpg, sampleOdt, samplePdf, samplePdfOfSize, samplePng } from '../support/sample-files.ts';
import { aboutYou, fosteringEligibility, letterOn, theAgency } from './answers.ts';
import { Applicant, csrfTokenIn, errorSummaryOf, startService, type Form, type TestService, type UploadFile } from './harness.ts';

/**
 * The evidence page as a person without JavaScript uses it: plain multipart
 * posts that redirect back, a Remove button per file, and Continue. Every
 * upload is scanned by a real clamd.
 */

const MB = 1024 * 1024;
const clamd = testClamd();
let service: TestService;
beforeAll(async () => {
  service = await startService({ env: clamd.env });
});
afterAll(async () => {
  await service.close();
});
// Whatever happened, no upload is left in the temporary directory.
afterEach(() => {
  expect(readdirSync(service.evidence.settings.tempDir)).toEqual([]);
});

const toEvidence: ReadonlyArray<readonly [string, Form]> = [
  ...fosteringEligibility,
  ['letter-date', letterOn(10, 11, 2026)],
  ['deadline', {}],
  ...aboutYou,
  ...theAgency,
  ['decision-details', { decisionDetails: 'Not approved.' }],
  ['disagree-reasons', { disagreeReasons: 'We disagree.' }],
];

async function atEvidence(on: TestService = service): Promise<Applicant> {
  const person = new Applicant(on.app);
  await person.answerAll(toEvidence);
  return person;
}

const file = (name: string, content: Buffer): UploadFile => ({ name, content });
const LETTER = 'decisionLetter';
const SUPPORTING = 'supportingDocuments';

async function draftIdOf(person: Applicant, on: TestService = service): Promise<string> {
  const rows = await on.store.db.query<{ id: string }>('SELECT id FROM drafts ORDER BY created_at DESC');
  for (const { id } of rows) {
    const res = await person.get('/apply/evidence');
    if (res.status === 200) {
      const files = await on.evidence.files.list(id);
      const names = [...res.text.matchAll(/href="\/apply\/evidence\/files\/([0-9a-f-]+)"/g)].map((m) => m[1]);
      if (names.length > 0 && files.some((f) => names.includes(f.id))) return id;
    }
  }
  throw new Error('no draft with files for this person');
}

function listedFiles(html: string): Array<{ name: string; size: string }> {
  return [
    ...html.matchAll(
      /<a class="govuk-link" href="\/apply\/evidence\/files\/[^"]+" download>([^<]*)<\/a>\s*<\/dt>\s*<dd class="govuk-summary-list__value">([^<]*)<\/dd>/g,
    ),
  ].map((m) => ({
    name: m[1] ?? '',
    size: m[2] ?? '',
  }));
}

describe('accepted files', () => {
  it.each([
    ['decision-letter.pdf', () => samplePdf()],
    ['scan.png', samplePng],
    ['photo.jpg', sampleJpg],
    ['notes.docx', sampleDocx],
    ['notes.doc', () => sampleDoc()],
    ['notes.odt', () => sampleOdt()],
    ['summary.txt', () => Buffer.from('A short summary of our case.\n')],
  ])('%s: scanned, stored with its details, listed with its size, and goes back to the page', async (name, make) => {
    const person = await atEvidence();
    const content = make();
    const res = await person.upload('/apply/evidence', LETTER, file(name, content));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/apply/evidence');
    const page = await person.get('/apply/evidence');
    expect(listedFiles(page.text)).toEqual([{ name, size: expect.stringMatching(/bytes|KB/) as unknown }]);
    const draftId = await draftIdOf(person);
    const [stored] = await service.evidence.files.list(draftId);
    expect(stored).toMatchObject({
      name,
      size: content.length,
      scan: 'clean',
      role: 'decision-letter',
      sha256: createHash('sha256').update(content).digest('hex'),
    });
  });

  it('several supporting documents at once', async () => {
    const person = await atEvidence();
    const res = await person.upload('/apply/evidence', SUPPORTING, [
      file('a.pdf', samplePdf()),
      file('b.png', samplePng()),
      file('c.txt', Buffer.from('notes\n')),
    ]);
    expect(res.status).toBe(303);
    const page = await person.get('/apply/evidence');
    expect(listedFiles(page.text).map((f) => f.name)).toEqual(['a.pdf', 'b.png', 'c.txt']);
  });

  it('a file of exactly the size limit is accepted; one byte more is not', async () => {
    const person = await atEvidence();
    const exact = await person.upload('/apply/evidence', LETTER, file('big.pdf', samplePdfOfSize(10 * MB)));
    expect(exact.status).toBe(303);
    const over = await person.upload('/apply/evidence', SUPPORTING, file('bigger.pdf', samplePdfOfSize(10 * MB + 1)));
    expect(over.status).toBe(422);
    expect(errorSummaryOf(over.text)).toEqual(['#supportingDocuments The selected file must be smaller than 10MB']);
    expect(listedFiles(over.text).map((f) => f.name)).toEqual(['big.pdf']);
  });
});

describe('refused files: the GOV.UK message, nothing stored', () => {
  const refusals: Array<[string, () => UploadFile, string]> = [
    ['the EICAR test file', () => file('eicar.txt', EICAR), 'The selected file contains a virus'],
    ...['clam.pdf', 'clam.ole.doc'].map((name): [string, () => UploadFile, string] => [
      `clamav-testfiles ${name}`,
      () => file(name, readFileSync(path.join(CLAMAV_TESTFILES_DIR, name))),
      'The selected file contains a virus',
    ]),
    ['a PNG renamed .pdf', () => file('letter.pdf', samplePng()), 'The selected file must be a PDF, JPG, PNG, Word document, ODT or TXT file'],
    ['a program renamed .pdf', () => file('letter.pdf', sampleExe()), 'The selected file must be a PDF, JPG, PNG, Word document, ODT or TXT file'],
    [
      "clamav-testfiles' clam.exe renamed .pdf",
      () => file('letter.pdf', readFileSync(path.join(CLAMAV_TESTFILES_DIR, 'clam.exe'))),
      'The selected file must be a PDF, JPG, PNG, Word document, ODT or TXT file',
    ],
    ['an empty file', () => file('letter.pdf', Buffer.alloc(0)), 'The selected file is empty'],
    ['a PDF with a password', () => file('letter.pdf', samplePdf({ encrypt: true })), 'The selected file is password protected'],
  ];

  it.each(refusals)('%s', async (_label, make, message) => {
    const person = await atEvidence();
    const res = await person.upload('/apply/evidence', LETTER, make());
    expect(res.status).toBe(422);
    expect(errorSummaryOf(res.text)).toEqual([`#decisionLetter ${message}`]);
    expect(res.text).toContain('govuk-file-upload--error');
    expect(res.text).toMatch(/<title>Error: /);
    const drafts = await service.store.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM evidence_files WHERE name = $1 AND created_at > now() - interval '1 minute'",
      [make().name],
    );
    expect(drafts[0]?.n).toBe(0);
  });

  it('a PDF encrypted by qpdf', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'irm-qpdf-'));
    try {
      writeFileSync(path.join(dir, 'in.pdf'), samplePdf());
      execFileSync('qpdf', ['--encrypt', 'secret', 'secret', '256', '--', path.join(dir, 'in.pdf'), path.join(dir, 'out.pdf')]);
      const person = await atEvidence();
      const res = await person.upload('/apply/evidence', LETTER, file('letter.pdf', readFileSync(path.join(dir, 'out.pdf'))));
      expect(errorSummaryOf(res.text)).toEqual(['#decisionLetter The selected file is password protected']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with several files, says which was refused and keeps the others', async () => {
    const person = await atEvidence();
    const res = await person.upload('/apply/evidence', SUPPORTING, [file('good.pdf', samplePdf()), file('eicar.txt', EICAR), file('photo.pdf', samplePng())]);
    expect(res.status).toBe(422);
    expect(errorSummaryOf(res.text)).toEqual([
      '#supportingDocuments eicar.txt contains a virus',
      '#supportingDocuments photo.pdf must be a PDF, JPG, PNG, Word document, ODT or TXT file',
    ]);
    expect(listedFiles(res.text).map((f) => f.name)).toEqual(['good.pdf']);
  });

  it('pressing Upload with no file chosen', async () => {
    const person = await atEvidence();
    const page = await person.get('/apply/evidence');
    const res = await person.agent
      .post('/apply/evidence')
      .field('_csrf', csrfTokenIn(page.text))
      .field('upload', LETTER)
      .attach(LETTER, Buffer.alloc(0), { filename: '', contentType: 'application/octet-stream' });
    expect(res.status).toBe(422);
    expect(errorSummaryOf(res.text)).toEqual(['#decisionLetter Select the decision letter']);
  });

  it('more files at once than allowed', async () => {
    const person = await atEvidence();
    const eleven = Array.from({ length: 11 }, (_, i) => file(`page-${i}.png`, samplePng()));
    const res = await person.upload('/apply/evidence', SUPPORTING, eleven);
    expect(res.status).toBe(422);
    expect(errorSummaryOf(res.text)).toEqual(['#supportingDocuments You can only select up to 10 files at the same time']);
  });

  it('more files in total than allowed, always leaving a place for the decision letter', async () => {
    const small = await startService({ env: clamd.env, evidence: { maxFiles: 3 } });
    try {
      const person = await atEvidence(small);
      expect((await person.upload('/apply/evidence', SUPPORTING, [file('a.pdf', samplePdf()), file('b.pdf', samplePdf())])).status).toBe(303);
      const full = await person.upload('/apply/evidence', SUPPORTING, file('c.pdf', samplePdf()));
      expect(errorSummaryOf(full.text)).toEqual([
        '#supportingDocuments You can only upload 3 files in total, including the decision letter – remove a file to add another',
      ]);
      expect((await person.upload('/apply/evidence', LETTER, file('letter.pdf', samplePdf()))).status).toBe(303);
      const page = await person.get('/apply/evidence');
      expect(page.text).toContain('You have uploaded 3 files, which is the most you can.');
      expect(page.text).not.toContain('type="file"');
      expect(readdirSync(small.evidence.settings.tempDir)).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('a scanner that is down: the file is refused, never accepted unscanned', async () => {
    const down = await startService({ scanner: clamdScanner({ host: '127.0.0.1', port: 1 }, 2_000) });
    try {
      const person = await atEvidence(down);
      const res = await person.upload('/apply/evidence', LETTER, file('letter.pdf', samplePdf()));
      expect(res.status).toBe(422);
      expect(errorSummaryOf(res.text)).toEqual(['#decisionLetter The selected file could not be uploaded – try again']);
      const rows = await down.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM evidence_files');
      expect(rows[0]?.n).toBe(0);
      expect(readdirSync(down.evidence.settings.tempDir)).toEqual([]);
    } finally {
      await down.close();
    }
  });

  it('in Welsh', async () => {
    const person = await atEvidence();
    await person.get('/apply/evidence?lang=cy');
    const res = await person.upload('/apply/evidence', LETTER, file('eicar.txt', EICAR));
    expect(errorSummaryOf(res.text)).toEqual(['#decisionLetter Mae’r ffeil a ddewiswyd yn cynnwys feirws']);
  });
});

describe('file names', () => {
  it('path traversal, control characters and 300 characters are stored and shown safely', async () => {
    const person = await atEvidence();
    const long = `${'a'.repeat(296)}.pdf`;
    const res = await person.upload('/apply/evidence', SUPPORTING, [
      file('../../../etc/passwd.pdf', samplePdf()),
      // C1 controls and a right-to-left override, which arrive as UTF-8.
      file('C:\\Users\\sam\\letter\u0085\u009b\u202egpj.pdf', samplePdf()),
      file('<script>alert(1)</script>.pdf', samplePdf()),
      file(long, samplePdf()),
    ]);
    expect(errorSummaryOf(res.text)).toEqual([]);
    expect(res.status).toBe(303);
    const draftId = await draftIdOf(person);
    const names = (await service.evidence.files.list(draftId)).map((f) => f.name);
    // Everything up to the last slash counts as folders, so the script tag loses its start.
    expect(names).toEqual(['passwd.pdf', 'lettergpj.pdf', 'script_.pdf', `${'a'.repeat(116)}.pdf`]);
    const page = await person.get('/apply/evidence');
    expect(page.text).not.toContain('<script>alert(1)');
  });

  it('ASCII control characters cannot be sent in a multipart header: the post is refused whole', async () => {
    const person = await atEvidence();
    const res = await person.upload('/apply/evidence', LETTER, file('letter\u0007\u001b.pdf', samplePdf()));
    expect(res.status).toBe(422);
    expect(errorSummaryOf(res.text)).toEqual(['#decisionLetter The selected file could not be uploaded – try again']);
  });

  it('a Welsh name with accents comes back as it was sent (UTF-8 in the multipart header)', async () => {
    const person = await atEvidence();
    await person.upload('/apply/evidence', LETTER, file('Llythyr – ŵ ŷ.pdf', samplePdf()));
    const page = await person.get('/apply/evidence');
    expect(listedFiles(page.text).map((f) => f.name)).toEqual(['Llythyr – ŵ ŷ.pdf']);
  });
});

describe('downloading a file', () => {
  it('the owner gets it as an attachment, with its type and no sniffing; another session gets 404', async () => {
    const person = await atEvidence();
    const content = samplePdf({ text: 'Owner only' });
    await person.upload('/apply/evidence', LETTER, file('Llythyr – ŵ "1".pdf', content));
    const page = await person.get('/apply/evidence');
    const href = /href="(\/apply\/evidence\/files\/[^"]+)"/.exec(page.text)?.[1] ?? '';
    const res = await person
      .get(href)
      .buffer(true)
      .parse((r, done) => {
        const parts: Buffer[] = [];
        r.on('data', (c: Buffer) => parts.push(c));
        r.on('end', () => done(null, Buffer.concat(parts)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    // The quotes were made safe on the way in; the UTF-8 name goes in filename*, an ASCII stand-in in filename.
    expect(res.headers['content-disposition']).toBe('attachment; filename="Llythyr ? ? _1_.pdf"; filename*=UTF-8\'\'Llythyr%20%E2%80%93%20%C5%B5%20_1_.pdf');
    expect(Buffer.compare(res.body as Buffer, content)).toBe(0);

    const stranger = new Applicant(service.app);
    expect((await stranger.get(href)).status).toBe(404);
    const otherApplicant = await atEvidence();
    expect((await otherApplicant.get(href)).status).toBe(404);
    expect((await person.get('/apply/evidence/files/not-a-uuid')).status).toBe(404);
  });
});

describe('remove and continue, without JavaScript', () => {
  it('Remove takes one file away (and its bytes); the others stay', async () => {
    const person = await atEvidence();
    await person.upload('/apply/evidence', SUPPORTING, [file('keep.pdf', samplePdf()), file('drop.pdf', samplePdf())]);
    const page = await person.get('/apply/evidence');
    const forms = [...page.text.matchAll(/name="file" value="([^"]+)">[\s\S]*?Remove<span class="govuk-visually-hidden"> ([^<]+)<\/span>/g)].map((m) => ({
      id: m[1] ?? '',
      name: m[2],
    }));
    expect(forms.map((f) => f.name)).toEqual(['keep.pdf', 'drop.pdf']);
    const drop = forms[1]?.id ?? '';
    const res = await person.post('/apply/evidence', { action: 'remove', file: drop }, csrfTokenIn(page.text));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/apply/evidence');
    const after = await person.get('/apply/evidence');
    expect(listedFiles(after.text).map((f) => f.name)).toEqual(['keep.pdf']);
    expect((await person.get(`/apply/evidence/files/${drop}`)).status).toBe(404);
    const chunks = await service.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM evidence_file_chunks WHERE file_id = $1', [drop]);
    expect(chunks[0]?.n).toBe(0);
  });

  it('Continue needs the decision letter; then the journey goes on, and check-your-answers lists each file with a Change link', async () => {
    const person = await atEvidence();
    await person.upload('/apply/evidence', SUPPORTING, file('notes.pdf', samplePdf()));
    const missing = await person.answer('/apply/evidence', { action: 'continue' });
    expect(missing.status).toBe(422);
    expect(errorSummaryOf(missing.text)).toEqual(['#decisionLetter Select the decision letter']);
    expect((await person.get('/apply/support-needs')).headers.location).toBe('/apply/evidence');

    await person.upload('/apply/evidence', LETTER, file('letter.pdf', samplePdf()));
    const next = await person.answer('/apply/evidence', { action: 'continue' });
    expect(next.headers.location).toBe('/apply/support-needs');
    await person.answerAll([
      ['support-needs', { supportNeeds: 'none' }],
      ['contact-preference', { contactPreference: 'email' }],
    ]);
    const cya = await person.get('/apply/check-answers');
    expect(cya.status).toBe(200);
    expect(cya.text).toMatch(/Decision letter\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*letter\.pdf \(\d+ bytes\)/);
    expect(cya.text).toMatch(/Other document\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*notes\.pdf/);
    expect(cya.text).toContain('href="/apply/evidence?return=%2Fapply%2Fcheck-answers"');

    // Change: add a page, Continue goes back to check-your-answers.
    await person.upload('/apply/evidence?return=%2Fapply%2Fcheck-answers', LETTER, file('page-2.png', samplePng()));
    const back = await person.answer('/apply/evidence?return=%2Fapply%2Fcheck-answers', { action: 'continue' });
    expect(back.headers.location).toBe('/apply/check-answers');
    expect((await person.get('/apply/check-answers')).text).toContain('page-2.png');

    // Removing every copy of the letter sends check-your-answers back to the page.
    const page = await person.get('/apply/evidence');
    for (const id of [...page.text.matchAll(/name="file" value="([^"]+)"/g)].map((m) => m[1] ?? '')) {
      await person.post('/apply/evidence', { action: 'remove', file: id }, csrfTokenIn(page.text));
    }
    expect((await person.get('/apply/check-answers')).headers.location).toBe('/apply/evidence?return=%2Fapply%2Fcheck-answers');
  });

  it('the submitted application lists its files, and the hand-off catalogue serves them for that application only', async () => {
    const person = await atEvidence();
    const letter = samplePdf({ text: 'The decision' });
    await person.upload('/apply/evidence', LETTER, file('letter.pdf', letter));
    await person.upload('/apply/evidence', SUPPORTING, file('notes.txt', Buffer.from('Our notes\n')));
    await person.answerAll([
      ['evidence', { action: 'continue' }],
      ['support-needs', { supportNeeds: 'none' }],
      ['contact-preference', { contactPreference: 'email' }],
      ['check-answers', {}],
    ]);
    const confirmation = await person.get('/apply/confirmation');
    const reference = /<strong class="app-reference">([^<]+)<\/strong>/.exec(confirmation.text)?.[1] ?? '';
    const application = await service.store.applications.getByReference(reference);
    expect(application?.data).toMatchObject({
      evidence: [
        {
          role: 'decision-letter',
          name: 'letter.pdf',
          type: 'application/pdf',
          size: letter.length,
          scan: 'clean',
          sha256: createHash('sha256').update(letter).digest('hex'),
        },
        { role: 'supporting', name: 'notes.txt', type: 'text/plain', size: 10, scan: 'clean' },
      ],
    });

    let downloadTime = new Date('2026-12-01T10:00:00Z');
    const catalogue = evidenceCatalogue({ applications: service.store.applications, files: service.evidence.files, now: () => downloadTime });
    const id = application?.id ?? '';
    const listed = await catalogue.listForApplication(id);
    expect(listed.map((f) => [f.name, f.role, f.scanResult])).toEqual([
      ['letter.pdf', 'decision-letter', 'clean'],
      ['notes.txt', 'supporting', 'clean'],
    ]);
    expect(listed[0]?.scannedAt).toBeInstanceOf(Date);
    const opened = await catalogue.open(id, listed[0]?.id ?? '');
    const parts: Uint8Array[] = [];
    const bytes = opened?.bytes;
    if (bytes && Symbol.asyncIterator in bytes) for await (const part of bytes) parts.push(part);
    expect(Buffer.compare(Buffer.concat(parts), letter)).toBe(0);
    // The consumer's download is recorded (retention counts from it), the first time only, and for that file only.
    const downloadedAt = async () =>
      (
        await service.store.db.query<{ downloaded_at: Date | null }>(
          'SELECT downloaded_at FROM evidence_files WHERE id = ANY($1::uuid[]) ORDER BY created_at',
          [listed.map((f) => f.id)],
        )
      ).map((row) => row.downloaded_at);
    expect(await downloadedAt()).toEqual([null, null]);
    await opened?.downloaded?.();
    downloadTime = new Date('2026-12-05T10:00:00Z');
    await opened?.downloaded?.();
    expect(await downloadedAt()).toEqual([new Date('2026-12-01T10:00:00Z'), null]);

    // Another draft's file is not this application's, even with its id.
    const other = await atEvidence();
    await other.upload('/apply/evidence', LETTER, file('theirs.pdf', samplePdf()));
    const theirs = (await service.evidence.files.list(await draftIdOf(other)))[0]?.id ?? '';
    expect(await catalogue.open(id, theirs)).toBeUndefined();
    expect(await catalogue.listForApplication('00000000-0000-4000-8000-000000000000')).toEqual([]);
  });
});

describe('CSRF and clean-up', () => {
  it('a multipart post without a valid token is refused with 403, and nothing is kept', async () => {
    const person = await atEvidence();
    await person.get('/apply/evidence');
    const none = await person.agent.post('/apply/evidence').field('upload', LETTER).attach(LETTER, samplePdf(), 'letter.pdf');
    expect(none.status).toBe(403);
    const wrong = await person.agent.post('/apply/evidence').field('_csrf', 'forged').field('upload', LETTER).attach(LETTER, samplePdf(), 'letter.pdf');
    expect(wrong.status).toBe(403);
    const page = await person.get('/apply/evidence');
    expect(listedFiles(page.text)).toEqual([]);
  });

  it('a multipart post to any other page is refused by the app-wide check', async () => {
    const person = await atEvidence();
    const page = await person.get('/apply/disagree-reasons');
    const res = await person.agent.post('/apply/disagree-reasons').field('_csrf', csrfTokenIn(page.text)).field('disagreeReasons', 'x');
    expect(res.status).toBe(403);
  });

  it('a client that goes away mid-upload leaves nothing behind', async () => {
    const person = await atEvidence();
    const page = await person.get('/apply/evidence');
    const cookie = (person.agent as unknown as { jar: { getCookies(o: object): Array<{ toValueString(): string }> } }).jar
      .getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false })
      .map((c) => c.toValueString())
      .join('; ');
    const running = await startApp(service.app);
    let sawUpload = false;
    try {
      const boundary = 'x-boundary';
      const head = [
        `--${boundary}`,
        'Content-Disposition: form-data; name="_csrf"',
        '',
        csrfTokenIn(page.text),
        `--${boundary}`,
        'Content-Disposition: form-data; name="upload"',
        '',
        LETTER,
        `--${boundary}`,
        `Content-Disposition: form-data; name="${LETTER}"; filename="letter.pdf"`,
        'Content-Type: application/pdf',
        '',
        '',
      ].join('\r\n');
      await new Promise<void>((resolve) => {
        const req = httpRequest(`${running.url}/apply/evidence`, {
          method: 'POST',
          headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(5 * MB) },
        });
        req.on('error', () => resolve());
        req.write(head);
        req.write(samplePdfOfSize(MB));
        // Once part of the file is on its way to disk, go away.
        const started = Date.now();
        const poll = setInterval(() => {
          if (readdirSync(service.evidence.settings.tempDir).length === 0 && Date.now() - started < 5_000) return;
          clearInterval(poll);
          sawUpload = readdirSync(service.evidence.settings.tempDir).length > 0;
          req.destroy();
          resolve();
        }, 10);
      });
      expect(sawUpload).toBe(true);
      const deadline = Date.now() + 5_000;
      while (readdirSync(service.evidence.settings.tempDir).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(readdirSync(service.evidence.settings.tempDir)).toEqual([]);
    } finally {
      await running.close();
    }
  });
});
