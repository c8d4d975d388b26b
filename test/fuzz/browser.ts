import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/** The app listening on loopback, as a browser reaches it. */
export async function listen(app: Express): Promise<{ base: string; close: () => Promise<void> }> {
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export interface Page {
  readonly status: number;
  readonly location: string | undefined;
  readonly contentType: string;
  readonly text: string;
}

/**
 * One person's browser, over one keep-alive connection pool (fetch): it keeps
 * the cookies the service sets and follows no redirects, so that every
 * response can be checked.
 */
export class Browser {
  private readonly cookies = new Map<string, string>();
  /** Counts the changes to the cookies: a new session means a new CSRF token to read. */
  cookieChanges = 0;

  constructor(private readonly base: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private keepCookies(headers: Headers): void {
    for (const cookie of headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const gone = /max-age=0|expires=thu, 01 jan 1970/i.test(cookie) || value === '';
      if (gone ? !this.cookies.has(name) : this.cookies.get(name) === value) continue;
      this.cookieChanges += 1;
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** A request; `anonymous` sends it from another browser (none of this one's cookies sent, none kept). */
  async request(path: string, init: { method?: string; headers?: Record<string, string>; body?: BodyInit; anonymous?: boolean } = {}): Promise<Page> {
    const res = await fetch(`${this.base}${path}`, {
      method: init.method ?? 'GET',
      headers: { ...init.headers, ...(init.anonymous ? {} : { cookie: this.cookieHeader() }) },
      body: init.body,
      redirect: 'manual',
    });
    if (!init.anonymous) this.keepCookies(res.headers);
    return {
      status: res.status,
      location: res.headers.get('location') ?? undefined,
      contentType: res.headers.get('content-type') ?? '',
      text: await res.text(),
    };
  }

  get(path: string): Promise<Page> {
    return this.request(path);
  }

  /** A form as a browser sends it: the fields in order, URL-encoded. */
  postForm(path: string, fields: ReadonlyArray<readonly [string, string]>): Promise<Page> {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields.map(([name, value]) => [name, value])).toString(),
    });
  }

  /** A multipart form with one file, as the upload pages' forms send it. */
  upload(path: string, fields: ReadonlyArray<readonly [string, string]>, file: { field: string; name: string; content: Buffer; type: string }): Promise<Page> {
    const form = new FormData();
    for (const [name, value] of fields) form.append(name, value);
    form.append(file.field, new Blob([new Uint8Array(file.content)], { type: file.type }), file.name);
    return this.request(path, { method: 'POST', body: form });
  }
}

export function csrfTokenOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token on the page');
  return token;
}

/** The names of the inputs of a page's forms (but the CSRF token and the language), in the order of the page. */
export function inputNamesOf(html: string): string[] {
  const names = [...html.matchAll(/<(?:input|textarea|select|button)\b[^>]*\bname="([^"]+)"/g)].map((m) => m[1] ?? '');
  return [...new Set(names)].filter((name) => name !== '' && name !== '_csrf' && name !== '_lang');
}

/** The values a page offers (radios, checkboxes, options, buttons): the answers that can be accepted. */
export function offeredValuesOf(html: string): string[] {
  const values = [...html.matchAll(/<(?:input|option|button)\b[^>]*\bvalue="([^"]*)"/g)].map((m) => m[1] ?? '');
  return [...new Set(values)].filter((value) => value.length < 80);
}
