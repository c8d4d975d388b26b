import express from 'express';
import multer from 'multer';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { validateCsrfToken } from '../../src/web/csrf.ts';
import { createTestApp } from '../support/app.ts';

const forms = express.Router();
// What saving a first answer does: puts something in the session, which is then stored and holds the form token.
forms.get('/begin', (req, res) => {
  (req.session as typeof req.session & { begun?: boolean }).begun = true;
  res.type('text').send('begun');
});
forms.get('/form', (_req, res) => {
  res.type('text').send(res.locals.csrfToken ?? '');
});
forms.post('/form', (_req, res) => {
  res.type('text').send('saved');
});
forms.post('/upload', multer({ limits: { fileSize: 1024 } }).none(), validateCsrfToken, (_req, res) => {
  res.type('text').send('uploaded');
});

const deferUpload = { deferMultipart: (req: express.Request) => req.path === '/upload' };

/** The token of a stored session's forms. */
async function tokenFor(agent: ReturnType<typeof request.agent>): Promise<string> {
  await agent.get('/begin').expect(200);
  const res = await agent.get('/form').expect(200);
  expect(res.text).toMatch(/^[0-9a-f]{64,}$/);
  return res.text;
}

describe('CSRF protection', () => {
  it('refuses a form sent without a token, with a friendly 403 page', async () => {
    const { app } = createTestApp({ routers: [forms] });
    const agent = request.agent(app);
    await tokenFor(agent);
    const res = await agent.post('/form').type('form').send({ name: 'x' });
    expect(res.status).toBe(403);
    expect(res.text).toMatch(/<h1[^>]*>Sorry, there is a problem with the service<\/h1>/);
    expect(res.text).toContain('Your page may have expired.');
    expect(res.text).toContain('href="/form">Go back and try again</a>');
    expect(res.text).not.toMatch(/EBADCSRFTOKEN|invalid csrf token|ForbiddenError/i);
  });

  it('sends a form from a session that has ended (no token in it) to the session-expired page, in the form’s language', async () => {
    const { app } = createTestApp({ routers: [forms] });
    const res = await request(app).post('/form').type('form').send({ _csrf: 'from-a-session-now-gone', _lang: 'cy', name: 'x' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/session-expired?lang=cy');
  });

  it('refuses a wrong token, and a token from another session', async () => {
    const { app } = createTestApp({ routers: [forms] });
    const mine = request.agent(app);
    const theirs = request.agent(app);
    await tokenFor(mine);
    const theirToken = await tokenFor(theirs);
    await mine.post('/form').type('form').send({ _csrf: 'not-the-token' }).expect(403);
    await mine.post('/form').type('form').send({ _csrf: theirToken }).expect(403);
  });

  it('accepts the session’s token in the _csrf field or the x-csrf-token header', async () => {
    const { app } = createTestApp({ routers: [forms] });
    const agent = request.agent(app);
    const token = await tokenFor(agent);
    expect((await agent.post('/form').type('form').send({ _csrf: token, name: 'x' }).expect(200)).text).toBe('saved');
    await agent.post('/form').set('x-csrf-token', token).expect(200);
  });

  it.each(['put', 'patch', 'delete'] as const)('checks %s requests too', async (method) => {
    const { app } = createTestApp({ routers: [forms] });
    await request(app)[method]('/form').expect(403);
  });

  it('shows the retry link only for paths on this site', async () => {
    const { app } = createTestApp({ routers: [forms] });
    const agent = request.agent(app);
    await tokenFor(agent);
    const res = await agent.post('//evil.example/form').type('form').send({});
    expect(res.status).toBe(403);
    expect(res.text).toContain('href="/">Go back and try again</a>');
  });

  it('leaves a link page’s forms to the route’s own check (it may not start a session to hold a token), and only those', async () => {
    const link = express.Router().post('/respond/:token', (_req, res) => {
      res.type('text').send('checked by the route');
    });
    const { app } = createTestApp({ routers: [forms, link], csrf: { linkForms: (req) => req.path.startsWith('/respond/') } });
    expect((await request(app).post('/respond/abc').type('form').send({ _link: 'x' }).expect(200)).text).toBe('checked by the route');
    const agent = request.agent(app);
    await tokenFor(agent);
    await agent.post('/form').type('form').send({ name: 'x' }).expect(403);
  });

  describe('multipart forms (file uploads)', () => {
    it('are refused unless the route checks the token itself after parsing', async () => {
      const { app } = createTestApp({ routers: [forms] });
      const agent = request.agent(app);
      const token = await tokenFor(agent);
      await agent.post('/upload').field('_csrf', token).expect(403);
    });

    it('are checked by validateCsrfToken on a deferred route', async () => {
      const { app } = createTestApp({ routers: [forms], csrf: deferUpload });
      const agent = request.agent(app);
      const token = await tokenFor(agent);
      expect((await agent.post('/upload').field('_csrf', token).expect(200)).text).toBe('uploaded');
      await agent.post('/upload').field('_csrf', 'wrong').expect(403);
      await agent.post('/upload').field('other', 'x').expect(403);
    });

    it('are still checked normally on routes that are not deferred', async () => {
      const { app } = createTestApp({ routers: [forms], csrf: deferUpload });
      const agent = request.agent(app);
      await tokenFor(agent);
      await agent.post('/form').field('name', 'x').expect(403);
    });
  });

  describe('forms shown before there is a session (signed double-submit)', () => {
    /** The form's token and the cookie that goes with it, as a browser without a session gets them. */
    async function preSessionPair(app: express.Express): Promise<{ token: string; cookie: string }> {
      const res = await request(app).get('/form').expect(200);
      const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('irm.form='));
      expect(cookie).toBeDefined();
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      return { token: res.text, cookie: String(cookie).split(';')[0] ?? '' };
    }

    it('showing the form stores no session; the form is accepted with the cookie its page set', async () => {
      const { app, sessionStore } = createTestApp({ routers: [forms] });
      const { token, cookie } = await preSessionPair(app);
      expect(token).toMatch(/^[0-9a-f]{64}\.[0-9a-f]{64}$/);
      const stored = await new Promise<number | undefined>((resolve) => sessionStore.length((_error, length) => resolve(length)));
      expect(stored).toBe(0);
      expect((await request(app).post('/form').set('Cookie', cookie).type('form').send({ _csrf: token }).expect(200)).text).toBe('saved');
      await request(app).post('/form').set('Cookie', cookie).set('x-csrf-token', token).expect(200);
    });

    it('refuses the token without its cookie, the cookie without the token, and another browser’s pair mixed', async () => {
      const { app } = createTestApp({ routers: [forms] });
      const mine = await preSessionPair(app);
      const theirs = await preSessionPair(app);
      const expired = (res: request.Response) => expect(res.headers.location).toBe('/session-expired?lang=en');
      expired(await request(app).post('/form').type('form').send({ _csrf: mine.token }));
      expired(await request(app).post('/form').set('Cookie', mine.cookie).type('form').send({ name: 'x' }));
      expired(await request(app).post('/form').set('Cookie', mine.cookie).type('form').send({ _csrf: theirs.token }));
    });

    it('refuses a pair someone made up, or signed with another secret: the cookie alone is not enough', async () => {
      const { app } = createTestApp({ routers: [forms] });
      const made = `${'a'.repeat(64)}.${'b'.repeat(64)}`;
      const res = await request(app).post('/form').set('Cookie', `irm.form=${made}`).type('form').send({ _csrf: made });
      expect(res.headers.location).toBe('/session-expired?lang=en');
      const other = createTestApp({ routers: [forms], env: { SESSION_SECRET: 'another-development-secret-of-enough-length' } });
      const foreign = await preSessionPair(other.app);
      const signedElsewhere = await request(app).post('/form').set('Cookie', foreign.cookie).type('form').send({ _csrf: foreign.token });
      expect(signedElsewhere.headers.location).toBe('/session-expired?lang=en');
    });

    it('once a session is stored, its forms carry the session’s token, and the earlier page’s token still works', async () => {
      const { app } = createTestApp({ routers: [forms] });
      const agent = request.agent(app);
      const before = await agent.get('/form').expect(200);
      await agent.get('/begin').expect(200);
      const after = await agent.get('/form').expect(200);
      expect(after.text).not.toBe(before.text);
      expect(after.text).toMatch(/^[0-9a-f]{64,}$/);
      await agent.post('/form').type('form').send({ _csrf: after.text }).expect(200);
      await agent.post('/form').type('form').send({ _csrf: before.text }).expect(200);
    });
  });
});
