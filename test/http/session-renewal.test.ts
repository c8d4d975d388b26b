import request, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fosteringOnTime } from './answers.ts';
import { Applicant, startService, type TestService } from './harness.ts';

/**
 * Whoever holds a session id seen earlier (a shared computer, a leaked
 * cookie) gets nothing once what the session opens changes: the id is new
 * when a draft is made, when the application is sent, and on starting again.
 */

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(() => service.close());

/** The session cookie a response sets, as a Cookie header. */
function cookieSetBy(res: Response): string | undefined {
  const cookies: string[] = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return cookies.find((c) => c.startsWith('irm.sid='))?.split(';')[0];
}

/** A request made with an old cookie, by someone else. */
const withCookie = (cookie: string, path: string) => request(service.app).get(path).set('Cookie', cookie);

describe('the session id', () => {
  it('starts with the first answer, which makes a draft: reading the page before stores none', async () => {
    const person = new Applicant(service.app);
    const first = await person.get('/apply/decision-about');
    expect(cookieSetBy(first)).toBeUndefined();
    const answered = await person.answer('/apply/decision-about', { decisionAbout: 'fostering' });
    const after = cookieSetBy(answered);
    expect(after).toBeDefined();
    // The person goes on; someone without the cookie is at the start with nothing saved.
    expect((await person.get('/apply/agency-country')).status).toBe(200);
    expect((await request(service.app).get('/apply/agency-country')).headers.location).toBe('/apply/decision-about');
  });

  it('changes when the application is sent: the id from before reads neither the answers nor the confirmation', async () => {
    const person = new Applicant(service.app);
    await person.answerAll(fosteringOnTime);
    const page = await person.get('/apply/check-answers');
    const before = cookieSetBy(page) ?? cookieSetBy(await person.get('/apply/evidence'));
    const cya = await person.answer('/apply/check-answers');
    expect(cya.headers.location).toBe('/apply/confirmation');
    const after = cookieSetBy(cya);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect((await person.get('/apply/confirmation')).status).toBe(200);
    // The same form sent again (the back button, a second press) still leads to the confirmation, not an expired session.
    const again = await person.post('/apply/check-answers', {}, /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '');
    expect(again.headers.location).toBe('/apply/confirmation');

    if (before === undefined) throw new Error('no cookie seen before sending');
    expect((await withCookie(before, '/apply/confirmation')).headers.location).toBe('/apply');
    expect((await withCookie(before, '/apply/check-answers')).headers.location).toBe('/apply/decision-about');
    expect((await withCookie(before, '/apply/evidence')).headers.location).toBe('/apply/decision-about');
  });

  it('changes on starting again, keeping the language', async () => {
    const person = new Applicant(service.app);
    await person.get('/apply/decision-about?lang=cy');
    await person.answerAll(fosteringOnTime);
    await person.answer('/apply/check-answers');
    const confirmation = await person.get('/apply/confirmation');
    const token = /name="_csrf" value="([^"]+)"/.exec(confirmation.text)?.[1] ?? '';
    const before = cookieSetBy(confirmation);
    const restarted = await person.post('/apply/start-again', {}, token);
    expect(restarted.headers.location).toBe('/apply');
    expect(cookieSetBy(restarted)).toBeDefined();
    expect(cookieSetBy(restarted)).not.toBe(before);
    // The old id no longer shows even the confirmation.
    expect((await withCookie(before ?? '', '/apply/confirmation')).headers.location).toBe('/apply');
    const fresh = await person.get('/apply/decision-about');
    expect(fresh.text).toContain('<html lang="cy"');
  });
});
