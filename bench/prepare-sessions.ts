import { Person } from './person.ts';
import { NAME_FORM, NEXT_PATH, POST_PATH, formBody, stepsBeforeName } from './scenario.ts';

/** One person's session, at the name question (answered once): what their browser would send. */
export interface PreparedSession {
  /** The Cookie header. */
  readonly cookie: string;
  readonly csrfToken: string;
}

/** Walks one new person through the journey up to the name question. */
async function prepareOne(baseUrl: string): Promise<PreparedSession> {
  const browser = new Person(baseUrl);
  for (const [step, form] of stepsBeforeName()) {
    const path = `/apply/${step}`;
    const token = await browser.token(path);
    const res = await browser.request(path, { method: 'POST', body: formBody(token, form) });
    if (res.status !== 303) throw new Error(`POST ${path} gave ${res.status}, not 303: is bench/scenario.ts out of date with the journey?`);
  }
  // Answer the name once as well, so the address page can be read before the load starts.
  const csrfToken = await browser.token(POST_PATH);
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
