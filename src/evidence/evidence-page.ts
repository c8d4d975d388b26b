import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Request, Response } from 'express';
import multer from 'multer';
import type { CustomPage, CustomPageHandler } from '../engine/journey.ts';
import type { Translator } from '../engine/types.ts';
import type { EvidenceRole } from '../rules/evidence.ts';
import type { EvidenceFileRepository } from '../store/evidence-files.ts';
import { checkCsrfToken } from '../web/csrf.ts';
import { acceptFile, type AcceptResult, type UploadProblem } from './accept-file.ts';
import { readEvidenceAnswers, toEvidenceFile, type EvidenceAnswers, type EvidenceFile } from './evidence-answers.ts';
import { ACCEPT_ATTRIBUTE } from './file-kinds.ts';
import { formatFileSize } from './file-name.ts';
import type { VirusScanner } from './scanner.ts';
import { uploadFolderPrefix } from './stale-uploads.ts';

/**
 * The evidence page: one upload form per kind of document (the applicant's:
 * the decision letter, required, and supporting documents, optional; the
 * agency's: its papers), a Remove button per file and a separate Continue.
 * Plain form posts that redirect back, so it all works without JavaScript;
 * govuk-frontend's enhanced file upload adds the drop zone.
 *
 * multer runs here and nowhere else, writing to a directory made for this one
 * request, which is removed whatever happens (accepted, refused, CSRF failure,
 * client gone). The CSRF token is checked as soon as the body is parsed.
 */

export interface EvidenceSettings {
  /** Largest file accepted, in bytes. */
  readonly maxFileBytes: number;
  /** Most files one application may have, the decision letter included. */
  readonly maxFiles: number;
  /** Uploads are written under here (a directory per request) until checked. */
  readonly tempDir: string;
}

/** One kind of document the page takes, with its own upload form and list of files. */
export interface EvidenceKind {
  readonly role: EvidenceRole;
  /** The name of its file input (and the `upload` value of its form). */
  readonly field: string;
  /** Continue is refused until at least one file of this kind is uploaded. */
  readonly required: boolean;
}

/** The applicant's page: the decision letter (required) and supporting documents (optional). */
export const APPLICANT_EVIDENCE_KINDS: readonly [EvidenceKind, ...EvidenceKind[]] = [
  { role: 'decision-letter', field: 'decisionLetter', required: true },
  { role: 'supporting', field: 'supportingDocuments', required: false },
];

export interface EvidencePageDeps {
  readonly files: EvidenceFileRepository;
  readonly scanner: VirusScanner;
  readonly settings: EvidenceSettings;
  /** Where a file is downloaded from: `${downloadBase}/${fileId}`. */
  readonly downloadBase: string;
  /** The kinds of document the page takes; default: the applicant's. */
  readonly kinds?: readonly [EvidenceKind, ...EvidenceKind[]];
  /**
   * The page's template; default `evidence/upload.njk` (the applicant's). It
   * gets `documents`: for each role, its `files`, `error`, `room` (how many
   * more fit) and `field`.
   */
  readonly view?: string;
  /** Where the page's messages are: `<keys>.errors.<role>.<problem>`, `<keys>.namedErrors.<problem>`, `<keys>.js.filesChosen`. Default `journey:steps.evidence`. */
  readonly keys?: string;
  /** More for the template, worked out for each request (e.g. guidance that depends on the case). */
  readonly moreLocals?: (page: CustomPage) => Promise<Record<string, unknown>>;
}

interface PageError {
  readonly role: EvidenceRole;
  readonly problem: UploadProblem;
  /** Set when several files were sent at once, so the message can say which. */
  readonly name?: string;
}

/** One change to a draft's evidence at a time, so two uploads at once cannot lose each other's file. */
const changing = new Map<string, Promise<unknown>>();
async function oneAtATime<T>(draftId: string, change: () => Promise<T>): Promise<T> {
  const before = changing.get(draftId) ?? Promise.resolve();
  const run = before.catch(() => undefined).then(change);
  changing.set(draftId, run);
  try {
    return await run;
  } finally {
    if (changing.get(draftId) === run) changing.delete(draftId);
  }
}

const MULTER_PROBLEMS: Record<string, UploadProblem> = {
  LIMIT_FILE_SIZE: 'too-big',
  LIMIT_FILE_COUNT: 'too-many-at-once',
};

export function evidencePageHandler(deps: EvidencePageDeps): CustomPageHandler {
  const { settings } = deps;
  const kinds = deps.kinds ?? APPLICANT_EVIDENCE_KINDS;
  const T = deps.keys ?? 'journey:steps.evidence';
  const fieldOf = (role: EvidenceRole): string => kinds.find((kind) => kind.role === role)?.field ?? role;
  const roleOfField = (field: string): EvidenceRole | undefined => kinds.find((kind) => kind.field === field)?.role;
  /** A file sent without saying which form it came from: the optional kind's, or the only kind's. */
  const fallbackRole = (kinds.find((kind) => !kind.required) ?? kinds[0]).role;
  const missingRequired = (files: readonly EvidenceFile[]): EvidenceRole | undefined =>
    kinds.find((kind) => kind.required && !files.some((f) => f.role === kind.role))?.role;

  /** How many more files of this kind fit: other kinds that are required always keep a place for their first file. */
  function roomFor(role: EvidenceRole, files: readonly EvidenceFile[]): number {
    const kept = kinds.filter((kind) => kind.required && kind.role !== role && !files.some((f) => f.role === kind.role)).length;
    return Math.max(0, settings.maxFiles - files.length - kept);
  }

  function parseUpload(req: Request, res: Response, directory: string): Promise<unknown> {
    const upload = multer({
      storage: multer.diskStorage({
        destination: directory,
        // Never the person's own name on disk: it is cleaned later and only stored in the database.
        filename: (_req, _file, done) => done(null, randomUUID()),
      }),
      limits: {
        fileSize: settings.maxFileBytes,
        files: settings.maxFiles,
        // _csrf, upload, plus the files
        fields: 5,
        parts: settings.maxFiles + 5,
        fieldSize: 1024,
        fieldNameSize: 100,
      },
      defParamCharset: 'utf8',
    }).fields(kinds.map((kind) => ({ name: kind.field, maxCount: settings.maxFiles })));
    return new Promise((resolve) => upload(req, res, (error: unknown) => resolve(error)));
  }

  async function relist(draftId: string, page: CustomPage, answers: EvidenceAnswers): Promise<EvidenceFile[]> {
    const files = (await deps.files.list(draftId)).map(toEvidenceFile);
    await page.save({ ...answers, files });
    return files;
  }

  async function render(req: Request, res: Response, page: CustomPage, files: readonly EvidenceFile[], errors: readonly PageError[]): Promise<void> {
    const { t } = page;
    const maxMb = Math.floor(settings.maxFileBytes / (1024 * 1024));
    const message = (error: PageError): string => {
      const params = { maxMb, max: settings.maxFiles, name: error.name };
      return error.name ? t(`${T}.namedErrors.${error.problem}`, params) : t(`${T}.errors.${error.role}.${error.problem}`, params);
    };
    const errorList = errors.map((error) => ({ text: message(error), href: `#${fieldOf(error.role)}` }));
    const rows = (role: EvidenceRole) =>
      files.filter((f) => f.role === role).map((f) => ({ id: f.id, name: f.name, size: formatFileSize(f.size), href: `${deps.downloadBase}/${f.id}` }));
    const errorFor = (role: EvidenceRole) => {
      const mine = errors.filter((e) => e.role === role);
      return mine.length > 0 ? { text: mine.map(message).join('. ') } : undefined;
    };
    const documents = Object.fromEntries(
      kinds.map((kind) => [kind.role, { files: rows(kind.role), error: errorFor(kind.role), room: roomFor(kind.role, files), field: kind.field }]),
    );
    const more = deps.moreLocals ? await deps.moreLocals(page) : {};
    res.status(errors.length > 0 ? 422 : 200).render(deps.view ?? 'evidence/upload.njk', {
      ...page.locals,
      ...more,
      errorList,
      documents,
      maxFiles: settings.maxFiles,
      maxMb,
      accept: ACCEPT_ATTRIBUTE,
      pluralForms: pluralMessages(t, T),
    });
  }

  /** Parses, checks and stores the upload; returns how to answer, which happens once the temporary files are gone. */
  async function handleUpload(req: Request, res: Response, page: CustomPage): Promise<void> {
    await mkdir(settings.tempDir, { recursive: true, mode: 0o700 });
    const directory = await mkdtemp(path.join(settings.tempDir, uploadFolderPrefix()));
    let respond: (() => Promise<void> | void) | undefined;
    try {
      respond = await processUpload(req, res, page, directory);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
    await respond?.();
  }

  async function processUpload(req: Request, res: Response, page: CustomPage, directory: string): Promise<(() => Promise<void> | void) | undefined> {
    const parseError = await parseUpload(req, res, directory);
    if (req.socket.destroyed) return undefined; // the person has gone: nobody to answer, nothing kept
    checkCsrfToken(req);
    const answers = readEvidenceAnswers(page.saved);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const uploaded = (req.files ?? {}) as Record<string, Express.Multer.File[]>;
    const named = typeof body.upload === 'string' ? roleOfField(body.upload) : undefined;
    // The kind of document is the file input's: the hidden `upload` field only says which form was used.
    const inputs = Object.entries(uploaded)
      .filter(([, files]) => files.length > 0)
      .map(([field]) => roleOfField(field));
    const role: EvidenceRole = inputs[0] ?? named ?? fallbackRole;
    const mismatched = inputs.length > 1 || inputs.some((r) => r === undefined) || (named !== undefined && inputs.length > 0 && inputs[0] !== named);

    if (parseError) {
      const code = parseError instanceof multer.MulterError ? parseError.code : undefined;
      const problem = (code && MULTER_PROBLEMS[code]) ?? 'failed';
      req.log.warn({ err: parseError }, 'upload refused while parsing');
      return () => render(req, res, page, answers.files, [{ role, problem }]);
    }

    // One form, one kind of document: files under another input than the form's are not what any page sends.
    if (mismatched) {
      req.log.warn({ inputs: Object.keys(uploaded), upload: body.upload }, 'upload refused: files under another input than the form’s');
      return () => render(req, res, page, answers.files, [{ role: named ?? role, problem: 'failed' }]);
    }
    const sent = Object.values(uploaded).flatMap((files) => files.map((file) => ({ file, role })));
    if (sent.length === 0) return () => render(req, res, page, answers.files, [{ role, problem: 'required' }]);
    if (sent.length > roomFor(role, answers.files)) {
      return () => render(req, res, page, answers.files, [{ role, problem: sent.length > settings.maxFiles ? 'too-many-at-once' : 'too-many-in-total' }]);
    }

    const draftId = await page.draftId();
    const { files, errors } = await oneAtATime(draftId, async () => {
      const results: Array<{ result: AcceptResult; role: EvidenceRole }> = [];
      for (const { file, role: fileRole } of sent) {
        const limit = { maxFiles: settings.maxFiles, keepPlaceFor: kinds.filter((kind) => kind.required).map((kind) => kind.role) };
        const result = await acceptFile(deps, { path: file.path, originalName: file.originalname, size: file.size }, { draftId, role: fileRole, limit });
        if (!result.ok) req.log.warn({ problem: result.problem, detail: result.detail, size: file.size }, 'upload refused');
        results.push({ result, role: fileRole });
      }
      const accepted = results.some(({ result }) => result.ok);
      const files = accepted ? await relist(draftId, page, answers) : answers.files;
      const errors = results.flatMap(({ result, role: fileRole }): PageError[] =>
        result.ok ? [] : [{ role: fileRole, problem: result.problem, name: sent.length > 1 ? result.name : undefined }],
      );
      return { files, errors };
    });
    if (errors.length > 0) return () => render(req, res, page, files, errors);
    return () => page.stay();
  }

  return async (req, res, page) => {
    const answers = readEvidenceAnswers(page.saved);
    if (req.method === 'GET') return render(req, res, page, answers.files, []);
    if (req.is('multipart/form-data')) return handleUpload(req, res, page);

    // A plain form post (Remove or Continue): the app-wide CSRF check has run.
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.action === 'remove' && typeof body.file === 'string') {
      const fileId = body.file;
      const draftId = page.existingDraftId;
      if (draftId)
        await oneAtATime(draftId, async () => {
          await deps.files.remove(draftId, fileId);
          await relist(draftId, page, answers);
        });
      return page.stay();
    }
    const missing = missingRequired(answers.files);
    if (missing) return render(req, res, page, answers.files, [{ role: missing, problem: 'required' }]);
    await page.save({ ...answers, confirmed: true });
    await page.proceed();
  };
}

/**
 * govuk-frontend's "%{count} files chosen" in every plural form the page's
 * language has (Welsh has six), from the `filesChosen` plural keys.
 */
function pluralMessages(t: Translator, T: string): Record<string, string> {
  const rules = new Intl.PluralRules(t.lang);
  const forms: Record<string, string> = {};
  for (let n = 0; n <= 20 && Object.keys(forms).length < rules.resolvedOptions().pluralCategories.length; n += 1) {
    const category = rules.select(n);
    if (!(category in forms)) forms[category] = t(`${T}.js.filesChosen`, { count: n }).replace(String(n), '%{count}');
  }
  return forms;
}
