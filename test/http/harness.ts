import type { Express, Router } from 'express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { loadConfig } from '../../src/config.ts';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AgencyDirectoryCache } from '../../src/agency-directory/directory-cache.ts';
import type { NotifyDirectoryAgency } from '../../src/agency-directory/notify-on-submitted.ts';
import type { EvidenceDeps, EvidenceSettings, VirusScanner } from '../../src/evidence/index.ts';
import type { JourneyDefinition } from '../../src/journeys/definition.ts';
import { buildService } from '../../src/service.ts';
import type { AppStore, OnSubmitted } from '../../src/store/index.ts';
import { sampleFile } from '../support/sample-files.ts';
import pino, { type Logger } from 'pino';

/** The service as a person meets it, on an in-memory database and a fixed clock. */
export interface TestService {
  app: Express;
  store: AppStore;
  /** The uploads' files table, scanner and limits (the temp dir is this service's own). */
  evidence: EvidenceDeps;
  /** The agency directory as the journey reads it: after changing `store.agencies`, `refresh()` it. */
  agencyDirectory: AgencyDirectoryCache;
  close(): Promise<void>;
}

/** 12:00 on Sunday 22 November 2026, London time. */
export const FIXED_NOW = new Date('2026-11-22T12:00:00Z');

export interface ServiceOptions {
  /** The journeys to mount instead of the registry's. */
  journeys?: readonly JourneyDefinition[];
  now?: () => Date;
  extraBankHolidays?: string[];
  /** Environment for loadConfig, e.g. CLAMD_HOST/CLAMD_PORT to scan uploads with a real clamd (default: no scanner). */
  env?: NodeJS.ProcessEnv;
  /** Instead of the scanner the environment gives. */
  scanner?: VirusScanner;
  evidence?: Partial<EvidenceSettings>;
  /** Runs in each submission's transaction (default: the hand-off's outbox write, as in the service). */
  onSubmitted?: OnSubmitted;
  /** Mounted before sessions and CSRF, instead of the service's consumer API. */
  apiRouters?: (store: AppStore) => Router[];
  /** Notifies an agency picked from the directory (default: the service's own notification). */
  notifyAgency?: NotifyDirectoryAgency;
  /** Instead of a silent logger (e.g. one that captures the log, to read it). */
  logger?: Logger;
}

/** The service as src/server.ts builds it (src/service.ts), on an in-memory database. */
export async function startService(opts: ServiceOptions = {}): Promise<TestService> {
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'test', ...opts.env };
  if (opts.extraBankHolidays) env.BANK_HOLIDAYS_EXTRA = opts.extraBankHolidays.join(',');
  const config = loadConfig(env);
  const { apiRouters } = opts;
  const service = await buildService(config, {
    logger: opts.logger ?? pino({ level: 'silent' }),
    now: opts.now ?? (() => FIXED_NOW),
    inMemoryDatabase: true,
    session: { pruneIntervalMs: 0 },
    scanner: opts.scanner,
    evidence: { tempDir: mkdtempSync(path.join(os.tmpdir(), 'irm-test-uploads-')), ...opts.evidence },
    onSubmitted: opts.onSubmitted,
    apiRouters: apiRouters && (({ store }) => apiRouters(store)),
    journeys: opts.journeys,
    notifyAgency: opts.notifyAgency,
    // Tests refresh the directory themselves, when they change it.
    agencyDirectoryRefreshMs: 0,
  });
  return { app: service.app, store: service.store, evidence: service.evidence, agencyDirectory: service.agencyDirectory, close: () => service.close() };
}

export type Form = Record<string, string | string[]>;

/** A file as a browser sends it: a name, the bytes, and the type the browser guessed. */
export interface UploadFile {
  name: string;
  content: Buffer;
  type?: string;
}

export function csrfTokenIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('No CSRF token on the page');
  return match[1];
}

/** One person with their own session (cookie jar), filling in forms the way a browser does. */
export class Applicant {
  readonly agent: TestAgent;

  /** On an app in this process, or through an agent of the caller's (e.g. one that alternates between server processes). */
  constructor(app: Express | TestAgent) {
    this.agent = typeof app === 'function' ? request.agent(app) : app;
  }

  get(path: string) {
    return this.agent.get(path);
  }

  /** GET the page (as the person sees it), then post the form with its CSRF token. */
  async answer(path: string, form: Form = {}) {
    const page = await this.agent.get(path);
    if (page.status !== 200) throw new Error(`GET ${path} gave ${page.status} (to ${page.headers.location ?? '-'})`);
    return this.post(path, form, csrfTokenIn(page.text));
  }

  post(path: string, form: Form, csrf: string) {
    const body = new URLSearchParams();
    body.append('_csrf', csrf);
    for (const [key, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    return this.agent.post(path).type('form').send(body.toString());
  }

  /**
   * Upload files on a page as its multipart form does: GET the page for its
   * CSRF token, then post `upload=<field>` and the files under `field`.
   */
  async upload(path: string, field: string, files: UploadFile | readonly UploadFile[]) {
    const page = await this.agent.get(path);
    if (page.status !== 200) throw new Error(`GET ${path} gave ${page.status} (to ${page.headers.location ?? '-'})`);
    let req = this.agent.post(path).field('_csrf', csrfTokenIn(page.text)).field('upload', field);
    for (const file of 'content' in files ? [files] : files)
      req = req.attach(field, file.content, { filename: file.name, contentType: file.type ?? 'application/octet-stream' });
    return req;
  }

  /** Answer a sequence of steps, checking each answer moves on to the expected next page. */
  async answerAll(steps: ReadonlyArray<readonly [string, Form]>) {
    for (const [path, form] of steps) {
      const { uploads, rest } = splitUploads(form);
      for (const [field, name] of uploads) {
        const uploaded = await this.upload(`/apply/${path}`, field, sampleFile(name));
        if (uploaded.status !== 303) throw new Error(`Uploading ${name} on /apply/${path} gave ${uploaded.status}: ${errorSummaryOf(uploaded.text).join(',')}`);
      }
      const res = await this.answer(`/apply/${path}`, rest);
      if (res.status !== 303) throw new Error(`POST /apply/${path} gave ${res.status}: ${errorSummaryOf(res.text).join(',')}`);
    }
  }
}

/**
 * In a step's answers, `upload:<field>` names a sample file (by its extension)
 * to upload in that field before the rest of the form is posted.
 */
export const UPLOAD_KEY_PREFIX = 'upload:';

export function splitUploads(form: Form): { uploads: Array<[string, string]>; rest: Form } {
  const uploads: Array<[string, string]> = [];
  const rest: Form = {};
  for (const [key, value] of Object.entries(form)) {
    if (key.startsWith(UPLOAD_KEY_PREFIX)) for (const name of Array.isArray(value) ? value : [value]) uploads.push([key.slice(UPLOAD_KEY_PREFIX.length), name]);
    else rest[key] = value;
  }
  return { uploads, rest };
}

/** The text of the error summary's links, for readable failures and assertions. */
export function errorSummaryOf(html: string): string[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => m.slice(1, 3).join(' '));
}

export function h1Of(html: string): string {
  const m = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html);
  return (m?.[1] ?? '')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function backLinkOf(html: string): string | undefined {
  return /<a href="([^"]+)" class="govuk-back-link"/.exec(html)?.[1];
}
