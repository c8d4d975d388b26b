import { NAME_FORM, NEXT_PATH, POST_PATH, PROXY_HEADERS, formBody, stepsBeforeName } from './scenario.ts';

/** One person's session, at the name question (answered once): what their browser would send. */
export interface PreparedSession {
  /** The Cookie header. */
  readonly cookie: string;
  readonly csrfToken: string;
}

/** A cookie jar for one person: remembers what the service sets, sends it back. */
class Browser {
  readonly #cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  get cookieHeader(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(path: string, init: { method?: string; body?: string } = {}): Promise<{ status: number; location: string | null; text: string }> {
    const headers: Record<string, string> = { ...PROXY_HEADERS };
    if (this.#cookies.size > 0) headers.cookie = this.cookieHeader;
    if (init.body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(new URL(path, this.baseUrl), { method: init.method ?? 'GET', headers, body: init.body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (at > 0) this.#cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  }

  /** GET the page for its CSRF token, as a person sees it. */
  async csrfTokenOf(path: string): Promise<string> {
    const page = await this.request(path);
    if (page.status !== 200) throw new Error(`GET ${path} gave ${page.status} (to ${page.location ?? '-'})`);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    if (!token) throw new Error(`GET ${path} has no CSRF token`);
    return token;
  }
}

/** Walks one new person through the journey up to the name question. */
async function prepareOne(baseUrl: string): Promise<PreparedSession> {
  const browser = new Browser(baseUrl);
  for (const [step, form] of stepsBeforeName()) {
    const path = `/apply/${step}`;
    const token = await browser.csrfTokenOf(path);
    const res = await browser.request(path, { method: 'POST', body: formBody(token, form) });
    if (res.status !== 303) throw new Error(`POST ${path} gave ${res.status}, not 303: is bench/scenario.ts out of date with the journey?`);
  }
  // Answer the name once as well, so the address page can be read before the load starts.
  const csrfToken = await browser.csrfTokenOf(POST_PATH);
  const named = await browser.request(POST_PATH, { method: 'POST', body: formBody(csrfToken, NAME_FORM) });
  if (named.status !== 303 || named.location !== NEXT_PATH)
    throw new Error(`POST ${POST_PATH} gave ${named.status} to ${named.location ?? '-'}, not 303 to ${NEXT_PATH}`);
  if (browser.cookieHeader === '') throw new Error('The service set no session cookie');
  return { cookie: browser.cookieHeader, csrfToken };
}

/** `count` people, each with their own session and draft, `parallel` at a time. */
export async function prepareSessions(baseUrl: string, count: number, parallel = 10): Promise<PreparedSession[]> {
  const sessions: PreparedSession[] = [];
  while (sessions.length < count) {
    const batch = Math.min(parallel, count - sessions.length);
    sessions.push(...(await Promise.all(Array.from({ length: batch }, () => prepareOne(baseUrl)))));
  }
  if (new Set(sessions.map((s) => s.cookie)).size !== count) throw new Error('Two prepared sessions share a cookie');
  return sessions;
}
