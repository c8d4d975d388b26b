import type { Express } from 'express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createJourneyRouters } from '../../src/journeys/index.ts';
import { openStore, type AppStore } from '../../src/store/index.ts';
import { noStore } from '../../src/web/security.ts';
import pino from 'pino';

/** The service as a person meets it, on an in-memory database and a fixed clock. */
export interface TestService {
  app: Express;
  store: AppStore;
  close(): Promise<void>;
}

/** 12:00 on Sunday 22 November 2026, London time. */
export const FIXED_NOW = new Date('2026-11-22T12:00:00Z');

export async function startService(opts: { now?: () => Date; extraBankHolidays?: string[] } = {}): Promise<TestService> {
  const store = await openStore({ inMemory: true, session: { pruneIntervalMs: 0 } });
  const config = loadConfig({ NODE_ENV: 'test' });
  const app = createApp({
    config,
    logger: pino({ level: 'silent' }),
    sessionStore: store.sessions,
    routers: createJourneyRouters({
      drafts: store.drafts,
      applications: store.applications,
      now: opts.now ?? (() => FIXED_NOW),
      extraBankHolidays: opts.extraBankHolidays,
      pageMiddleware: [noStore],
    }),
  });
  return { app, store, close: () => store.close() };
}

export type Form = Record<string, string | string[]>;

export function csrfTokenIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('No CSRF token on the page');
  return match[1];
}

/** One person with their own session (cookie jar), filling in forms the way a browser does. */
export class Applicant {
  readonly agent: TestAgent;

  constructor(app: Express) {
    this.agent = request.agent(app);
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

  /** Answer a sequence of steps, checking each answer moves on to the expected next page. */
  async answerAll(steps: ReadonlyArray<readonly [string, Form]>) {
    for (const [path, form] of steps) {
      const res = await this.answer(`/apply/${path}`, form);
      if (res.status !== 303) throw new Error(`POST /apply/${path} gave ${res.status}: ${errorSummaryOf(res.text)}`);
    }
  }
}

/** The text of the error summary's links, for readable failures and assertions. */
export function errorSummaryOf(html: string): string[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[1]} ${m[2]}`);
}

export function h1Of(html: string): string {
  const m = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html);
  return (m?.[1] ?? '').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
}

export function backLinkOf(html: string): string | undefined {
  return /<a href="([^"]+)" class="govuk-back-link"/.exec(html)?.[1];
}
