import pino from 'pino';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { buildService, type Service } from '../../src/service.ts';
import { csrfTokenIn } from '../http/harness.ts';

/**
 * The session's time limits over HTTP, on the service as src/service.ts builds
 * it (the database-backed session store): what the pages say and carry, the
 * extend endpoint, the expiry page, a form sent after the session ended, and
 * the absolute limit, with fake clocks.
 */

const MINUTE = 60_000;

let service: Service;
let app: Service['app'];

beforeAll(async () => {
  // One service for the file: building one (PGlite, migrations) takes seconds.
  service = await buildService(loadConfig({ NODE_ENV: 'test' }), {
    logger: pino({ level: 'silent' }),
    inMemoryDatabase: true,
    session: { pruneIntervalMs: 0 },
    delivery: false,
  });
  app = service.app;
});

afterAll(async () => {
  await service.close();
});

/**
 * Only `Date` is faked: express-session's cookie expiry, the session store,
 * the absolute limit and supertest's cookie jar all read it, so time passes
 * for all of them at once; timers and the database run as usual.
 */
function fakeDate(): { advance(ms: number): void } {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date());
  return { advance: (ms) => vi.setSystemTime(Date.now() + ms) };
}

afterEach(() => {
  vi.useRealTimers();
});

type Agent = ReturnType<typeof request.agent>;

/**
 * A session, as a person gets one: by saving their first answer (reading
 * pages stores none). The pages below are those after it.
 */
async function startSession(agent: Agent, lang: 'en' | 'cy' = 'en'): Promise<void> {
  const first = await agent.get(`/apply/decision-about?lang=${lang}`).expect(200);
  const saved = await agent
    .post('/apply/decision-about')
    .type('form')
    .send({ _csrf: csrfTokenIn(first.text), decisionAbout: 'fostering' });
  expect(saved.headers.location).toBe('/apply/agency-country');
}

/** The second page, with its form, in a session. */
const PAGE = '/apply/agency-country';
const ANSWER = { agencyCountry: 'england' };
const NEXT = '/apply/has-letter';

const dataOf = (html: string, name: string): string | undefined => new RegExp(`data-${name}="([^"]*)"`).exec(html)?.[1];

describe('the pages', () => {
  it('each question page says how long the session lasts and carries the warning dialog, with the seconds left', async () => {
    const agent = request.agent(app);
    await startSession(agent);
    const page = await agent.get(`${PAGE}?lang=en`).expect(200);
    expect(page.text).toContain('your session ends if you do not do anything for 30 minutes');
    // The applicant's journey offers "Save and come back later": the words say so, and the dialog leads to its save page.
    expect(page.text).toContain('To get back to them after your session ends, select ‘Save and come back later’ and we will email you a link.');
    expect(page.text).toMatch(/<dialog class="app-session-timeout" data-module="app-session-timeout" role="alertdialog"/);
    expect(page.text).toContain('aria-labelledby="app-session-timeout-heading" aria-describedby="app-session-timeout-description"');
    expect(page.text).toContain('>Stay on this page</button>');
    expect(page.text).toContain('href="/apply/save?return=%2Fapply%2Fagency-country">Save and come back later</a>');
    // The store moves a stored expiry on at most once a minute: the page counts from the earlier time.
    expect(Number(dataOf(page.text, 'seconds-left'))).toBe(30 * 60 - 60);
    expect(dataOf(page.text, 'warning-seconds')).toBe('120');
    expect(dataOf(page.text, 'extend-url')).toBe('/session/extend');
    expect(dataOf(page.text, 'expired-url')).toBe('/session-expired?lang=en');
    expect(page.text).toMatch(/\/assets\/[0-9a-f]{12}\/session-timeout\.css/);
  });

  it('a page shown before anything is saved says how long a session lasts, but has no dialog: no session is running out', async () => {
    const page = await request(app).get('/apply/decision-about').expect(200);
    expect(page.text).toContain('your session ends if you do not do anything for 30 minutes');
    expect(page.text).not.toContain('<dialog');
    expect(page.text).not.toContain('data-seconds-left');
  });

  it('in Welsh too', async () => {
    const agent = request.agent(app);
    await startSession(agent, 'cy');
    const page = await agent.get(`${PAGE}?lang=cy`).expect(200);
    expect(page.text).toContain('os na fyddwch yn gwneud unrhyw beth am 30 munud');
    expect(page.text).toContain('>Aros ar y dudalen hon</button>');
    expect(page.text).toContain('byddwn yn dod â’ch sesiwn i ben ymhen 2 funud');
    expect(dataOf(page.text, 'expired-url')).toBe('/session-expired?lang=cy');
  });

  it('the start page states the time limit before anyone starts', async () => {
    const page = await request(app).get('/').expect(200);
    expect(page.text).toContain('your session ends if you do not do anything for 30 minutes');
    expect(page.text).not.toContain('<dialog');
  });

  it('pages without a form have no dialog: the start page, the help pages', async () => {
    for (const path of ['/', '/cookies', '/contact']) expect((await request(app).get(path)).text).not.toContain('app-session-timeout');
  });
});

describe('/session-expired', () => {
  it('says what happened and what to do, in the language asked for, without starting a session', async () => {
    const en = await request(app).get('/session-expired').expect(200);
    expect(en.text).toMatch(/<h1 class="govuk-heading-l">Your session has ended<\/h1>/);
    expect(en.text).toContain('This happens if you do not do anything for 30 minutes. For your security, a session also ends 20 hours after it started.');
    expect(en.text).toContain('If we emailed you a link to your application, use it to get back to your answers. If not, you will need to start again.');
    expect(en.text).toContain('href="/"');
    expect(en.headers['cache-control']).toBe('no-store');
    expect(en.headers['set-cookie']).toBeUndefined();

    const cy = await request(app).get('/session-expired?lang=cy').expect(200);
    expect(cy.text).toContain('<html lang="cy"');
    expect(cy.text).toMatch(/<h1 class="govuk-heading-l">Mae eich sesiwn wedi dod i ben<\/h1>/);
    expect(cy.headers['set-cookie']).toBeUndefined();
  });

  it('does not move a live session’s expiry on', async () => {
    const agent = request.agent(app);
    await agent.get('/apply/decision-about').expect(200);
    const res = await agent.get('/session-expired').expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('a form sent after the session has ended', () => {
  it('leads to the session-expired page in the page’s language, never the CSRF refusal', async () => {
    const clock = fakeDate();
    const agent = request.agent(app);
    await startSession(agent, 'cy');
    const page = await agent.get(`${PAGE}?lang=cy`).expect(200);
    clock.advance(31 * MINUTE);

    const res = await agent
      .post(PAGE)
      .type('form')
      .send({ _csrf: csrfTokenIn(page.text), _lang: 'cy', ...ANSWER });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/session-expired?lang=cy');
    const expired = await agent.get(String(res.headers.location)).expect(200);
    expect(expired.text).toContain('Mae eich sesiwn wedi dod i ben');
  });

  it('an upload too (the token is checked after the multipart body is read)', async () => {
    const clock = fakeDate();
    const agent = request.agent(app);
    await startSession(agent);
    const page = await agent.get(`${PAGE}?lang=en`).expect(200);
    clock.advance(31 * MINUTE);
    const res = await agent
      .post('/apply/evidence')
      .field('_csrf', csrfTokenIn(page.text))
      .field('_lang', 'en')
      .field('upload', 'decisionLetter')
      .attach('decisionLetter', Buffer.from('%PDF-1.4\n'), 'letter.pdf');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/session-expired?lang=en');
  });

  it('while the session lives, the same form is accepted', async () => {
    const clock = fakeDate();
    const agent = request.agent(app);
    await startSession(agent);
    const page = await agent.get(PAGE).expect(200);
    clock.advance(29 * MINUTE);
    const res = await agent
      .post(PAGE)
      .type('form')
      .send({ _csrf: csrfTokenIn(page.text), ...ANSWER });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(NEXT);
  });

  it('a form shown before anything was saved has no session to lose: it is accepted however long it was open', async () => {
    const clock = fakeDate();
    const agent = request.agent(app);
    const page = await agent.get('/apply/decision-about').expect(200);
    clock.advance(3 * 60 * MINUTE);
    const res = await agent
      .post('/apply/decision-about')
      .type('form')
      .send({ _csrf: csrfTokenIn(page.text), decisionAbout: 'fostering' });
    expect(res.headers.location).toBe('/apply/agency-country');
  });
});

describe('/session/extend ("Stay on this page")', () => {
  it('moves the session’s expiry on and says how long it now has, uncached', async () => {
    const clock = fakeDate();
    const agent = request.agent(app);
    await startSession(agent);
    const page = await agent.get(PAGE).expect(200);

    clock.advance(29 * MINUTE);
    const extended = await agent.get('/session/extend').expect(200);
    expect(extended.headers['cache-control']).toBe('no-store');
    expect(extended.body).toEqual({ secondsLeft: 30 * 60 - 60 });

    // Without the extension the session would have ended 30 minutes after the page.
    clock.advance(29 * MINUTE);
    const res = await agent
      .post(PAGE)
      .type('form')
      .send({ _csrf: csrfTokenIn(page.text), ...ANSWER });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(NEXT);
  });

  it('says 0 when there is no session, and starts none', async () => {
    const res = await request(app).get('/session/extend').expect(200);
    expect(res.body).toEqual({ secondsLeft: 0 });
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('/session/status (asked before the dialog opens, and before giving up)', () => {
  it('says how long the session has, exactly, without moving its expiry on or starting a session', async () => {
    const clock = fakeDate();
    const agent = request.agent(app);
    await startSession(agent);
    const page = await agent.get(PAGE).expect(200);
    expect(page.text).toContain('data-status-url="/session/status"');

    clock.advance(10 * MINUTE);
    const status = await agent.get('/session/status').expect(200);
    expect(status.headers['cache-control']).toBe('no-store');
    expect(status.headers['set-cookie']).toBeUndefined();
    expect(status.body).toEqual({ secondsLeft: 20 * 60 });

    // Asking did not extend it: 30 minutes after the page, it has ended.
    clock.advance(20 * MINUTE);
    expect((await agent.get('/session/status').expect(200)).body).toEqual({ secondsLeft: 0 });
    const res = await agent
      .post(PAGE)
      .type('form')
      .send({ _csrf: csrfTokenIn(page.text), ...ANSWER });
    expect(res.headers.location).toBe('/session-expired?lang=en');
  });

  it('says 0 without a session, or with a cookie that is not the service’s', async () => {
    expect((await request(app).get('/session/status').expect(200)).body).toEqual({ secondsLeft: 0 });
    const forged = await request(app).get('/session/status').set('Cookie', 'irm.sid=s%3Aforged.signature').expect(200);
    expect(forged.body).toEqual({ secondsLeft: 0 });
  });
});

describe('the absolute limit', () => {
  it('ends a session that has lasted SESSION_ABSOLUTE_HOURS, however active, and sends the person to the expiry page', async () => {
    const clock = fakeDate();
    const agent = request.agent(app);
    await startSession(agent, 'cy');
    const page = await agent.get(PAGE).expect(200);

    // Busy for 20 hours less a minute: never idle for long.
    for (let minutes = 0; minutes < 20 * 60 - 1; minutes += 17) {
      clock.advance(Math.min(17, 20 * 60 - 1 - minutes) * MINUTE);
      await agent.get(PAGE).expect(200);
    }
    // Close to the limit, the page counts down to it rather than to the idle expiry.
    const late = await agent.get(PAGE).expect(200);
    expect(Number(dataOf(late.text, 'seconds-left'))).toBe(60);
    expect((await agent.get('/session/extend').expect(200)).body).toEqual({ secondsLeft: 60 });

    clock.advance(MINUTE);
    const over = await agent.get(PAGE);
    expect(over.status).toBe(303);
    expect(over.headers.location).toBe('/session-expired?lang=cy');

    // The old session is gone: its form leads to the expiry page too, and a new visit starts afresh.
    const post = await agent
      .post(PAGE)
      .type('form')
      .send({ _csrf: csrfTokenIn(page.text), _lang: 'cy', ...ANSWER });
    expect(post.headers.location).toBe('/session-expired?lang=cy');
    expect((await agent.get(PAGE)).headers.location).toBe('/apply/decision-about');
    await startSession(agent, 'cy');
    const fresh = await agent.get(PAGE).expect(200);
    expect(Number(dataOf(fresh.text, 'seconds-left'))).toBe(30 * 60 - 60);
  });
});

describe('/session/come-back-later', () => {
  it('tells the truth about coming back, and links back to the page the person was on', async () => {
    const agent = request.agent(app);
    await agent.get('/apply/decision-about').expect(200);
    const res = await agent.get('/session/come-back-later?return=%2Fapply%2Fdecision-about').expect(200);
    expect(res.text).toMatch(/<h1 class="govuk-heading-l">Coming back to your application<\/h1>/);
    expect(res.text).toContain('You cannot yet save your application and finish it on another day.');
    expect(res.text).toContain('href="/apply/decision-about"');
  });

  it.each(['//evil.example/x', 'https://evil.example/', '/\\evil.example'])('never links off the site: %s', async (target) => {
    const res = await request(app)
      .get(`/session/come-back-later?return=${encodeURIComponent(target)}`)
      .expect(200);
    expect(res.text).toMatch(/<a href="\/apply" role="button"[^>]*class="govuk-button"/);
    expect(res.text).not.toMatch(/href="(\/\/|https?:|\/\\)evil/);
  });
});
