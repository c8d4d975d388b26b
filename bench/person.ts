import type { Form } from '../test/http/harness.ts';
import { PROXY_HEADERS, formBody } from './scenario.ts';

/**
 * One person using the service the way a browser does, for the benchmarks:
 * a cookie jar, the CSRF token read from each page's form, answers posted as
 * a form, files sent from the evidence page's own multipart form.
 */

export interface Reply {
  readonly status: number;
  readonly location: string | null;
  readonly text: string;
}

export class Person {
  readonly #cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  get cookieHeader(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(pathname: string, init: { method?: string; body?: string | FormData } = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...PROXY_HEADERS };
    if (this.#cookies.size > 0) headers.cookie = this.cookieHeader;
    if (typeof init.body === 'string') headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(new URL(pathname, this.baseUrl), { method: init.method ?? 'GET', headers, body: init.body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (at > 0) this.#cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  }

  /** GET the page for its form's CSRF token, as a person sees it. */
  async token(pathname: string): Promise<string> {
    const page = await this.request(pathname);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    if (page.status !== 200 || !token) throw new Error(`GET ${pathname} gave ${page.status}${page.location ? ` to ${page.location}` : ''} without a form`);
    return token;
  }

  /** Reads the question page, posts the answer; the service must move on (303). */
  async answer(step: string, form: Form): Promise<Reply> {
    const pathname = `/apply/${step}`;
    const res = await this.request(pathname, { method: 'POST', body: formBody(await this.token(pathname), form) });
    if (res.status !== 303) throw new Error(`POST ${pathname} gave ${res.status}, not 303${problemShown(res.text)}`);
    return res;
  }

  /** The evidence page's own multipart form: token, which input, the file. */
  async upload(file: Buffer, name: string, field = 'decisionLetter'): Promise<Reply> {
    const form = new FormData();
    form.append('_csrf', await this.token('/apply/evidence'));
    form.append('upload', field);
    form.append(field, new Blob([new Uint8Array(file)], { type: 'application/pdf' }), name);
    return this.request('/apply/evidence', { method: 'POST', body: form });
  }
}

/** The first message of a page's error summary, to say why a request was refused. */
export function problemShown(html: string): string {
  const message = /govuk-error-summary[\s\S]*?<a[^>]*>([^<]*)/.exec(html)?.[1];
  return message ? ` (${message.trim()})` : '';
}
