import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fosteringOnTime } from './answers.ts';
import { Applicant, csrfTokenIn, startService, type TestService } from './harness.ts';

/**
 * Issue 10, defect 9: a visitor who only reads pages (a person looking, a
 * crawler, a script) stores nothing. The session, and its row in the
 * database, is made only when something must be kept: the first answer saved.
 */

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(() => service.close());

async function sessionRows(): Promise<number> {
  const [row] = await service.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions');
  return row?.n ?? 0;
}

const setCookies = (res: request.Response): string[] => ([] as string[]).concat(res.headers['set-cookie'] ?? []);

// Every page someone without a session can read: the start and help pages, and the question pages a visitor reaches.
const PAGES = [
  '/',
  '/cookies',
  '/accessibility-statement',
  '/privacy-notice',
  '/contact',
  '/apply',
  '/apply/decision-about',
  '/apply/decision-about?lang=cy',
  '/apply/save',
];

describe('a visitor who only reads pages', () => {
  it('stores no session, however many pages are read without a cookie', async () => {
    const before = await sessionRows();
    const withSessionCookie: string[] = [];
    for (let round = 0; round < 5; round++) {
      for (const page of PAGES) {
        const res = await request(service.app).get(page);
        expect(res.status, page).toBeLessThan(400);
        if (setCookies(res).some((c) => c.startsWith('irm.sid='))) withSessionCookie.push(page);
      }
    }
    expect((await sessionRows()) - before).toBe(0);
    expect(withSessionCookie).toEqual([]);
  });

  it('keeps a chosen language without a session, for the pages read after it', async () => {
    const before = await sessionRows();
    const person = new Applicant(service.app);
    await person.get('/?lang=cy').expect(200);
    const page = await person.get('/apply/decision-about').expect(200);
    expect(page.text).toContain('<html lang="cy"');
    expect((await sessionRows()) - before).toBe(0);
  });

  it('stores nothing for a form sent back with a mistake', async () => {
    const before = await sessionRows();
    const person = new Applicant(service.app);
    const res = await person.answer('/apply/decision-about', {});
    expect(res.status).toBe(422);
    // The page with the error still carries a token that works.
    const again = await person.post('/apply/decision-about', { decisionAbout: 'fostering' }, csrfTokenIn(res.text));
    expect(again.status).toBe(303);
    expect((await sessionRows()) - before).toBe(1);
  });
});

describe('the session starts with the first answer saved', () => {
  it('one row for a person who answers, and the whole application can be sent', async () => {
    const before = await sessionRows();
    const person = new Applicant(service.app);
    await person.answerAll(fosteringOnTime);
    const check = await person.get('/apply/check-answers').expect(200);
    const sent = await person.post('/apply/check-answers', {}, csrfTokenIn(check.text));
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toBe('/apply/confirmation');
    expect((await person.get('/apply/confirmation')).status).toBe(200);
    // Sending renews the session (a new id): still one row for the person.
    expect((await sessionRows()) - before).toBe(1);
  });

  it('refuses a first form without the token its page gave, or with a token the browser was not given, and saves nothing', async () => {
    const before = await sessionRows();
    const person = new Applicant(service.app);
    const page = await person.get('/apply/decision-about').expect(200);
    const token = csrfTokenIn(page.text);
    // Another browser (no cookie) sending this page's token: the cross-site forgery case.
    const forged = await request(service.app).post('/apply/decision-about').type('form').send({ _csrf: token, decisionAbout: 'fostering' });
    expect(forged.headers.location).toBe('/session-expired?lang=en');
    // The browser's own cookie with a changed token, and with no token.
    const tampered = await person.post('/apply/decision-about', { decisionAbout: 'fostering' }, `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`);
    expect(tampered.headers.location).toBe('/session-expired?lang=en');
    const missing = await person.agent.post('/apply/decision-about').type('form').send({ decisionAbout: 'fostering' });
    expect(missing.headers.location).toBe('/session-expired?lang=en');
    expect((await sessionRows()) - before).toBe(0);
    // The page's own token in the browser it was given to is accepted.
    expect((await person.post('/apply/decision-about', { decisionAbout: 'fostering' }, token)).headers.location).toBe('/apply/agency-country');
  });
});

describe('forms sent without a session', () => {
  it('are limited per client address (ANONYMOUS_POSTS_PER_IP_PER_HOUR), refused ones included; someone with a session is not counted', async () => {
    const limited = await startService({ env: { ANONYMOUS_POSTS_PER_IP_PER_HOUR: '3' } });
    try {
      // One person answers (their first answer is the one anonymous post) and goes on with a session.
      const person = new Applicant(limited.app);
      expect((await person.answer('/apply/decision-about', { decisionAbout: 'fostering' })).status).toBe(303);
      // A script posting without keeping cookies: two more are allowed, with or without a token.
      expect((await request(limited.app).post('/apply/decision-about').type('form').send({ decisionAbout: 'fostering' })).status).toBe(303);
      expect((await request(limited.app).post('/apply/decision-about').type('form').send({ _csrf: 'x' })).status).toBe(303);
      const refused = await request(limited.app).post('/apply/decision-about').type('form').send({ decisionAbout: 'fostering' });
      expect(refused.status).toBe(429);
      expect(refused.text).toContain('You have tried too many times');
      // Reading is not limited, and the person with a session goes on.
      expect((await request(limited.app).get('/apply/decision-about')).status).toBe(200);
      expect((await person.answer('/apply/agency-country', { agencyCountry: 'england' })).status).toBe(303);
    } finally {
      await limited.close();
    }
  });
});
