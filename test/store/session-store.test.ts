import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import express from 'express';
import session, { type SessionData } from 'express-session';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionStore } from '../../src/store/session-store.ts';
import { engines, useStore } from './engines.ts';

declare module 'express-session' {
  interface SessionData {
    draftId?: string;
  }
}

const MINUTE = 60_000;

function sessionData(expires: Date | null, extra: Partial<SessionData> = {}): SessionData {
  // A session as the store keeps it, JSON: its cookie a plain object with `expires` set, not express-session's Cookie.
  // eslint-disable-next-line @typescript-eslint/no-deprecated, @typescript-eslint/no-unsafe-class-instance-assignment -- see above
  return { cookie: { originalMaxAge: null, expires, httpOnly: true, path: '/' }, ...extra };
}

/** The callback API express-session uses, as promises. */
function viaCallbacks(store: SessionStore) {
  return {
    get: promisify(store.get.bind(store)),
    set: promisify(store.set.bind(store)),
    destroy: promisify(store.destroy.bind(store)),
    touch: promisify(store.touch.bind(store)),
  };
}

describe.each(engines)('session store on $name', (engine) => {
  const store = useStore(engine);
  const sessions = () => viaCallbacks(store().sessions);

  async function storedExpiry(sid: string): Promise<{ expiresAt: Date; cookieExpires: unknown } | undefined> {
    const [row] = await store().db.query<{ expires_at: Date; sess: { cookie?: { expires?: unknown } } }>(
      'SELECT expires_at, sess FROM sessions WHERE sid = $1',
      [sid],
    );
    return row && { expiresAt: row.expires_at, cookieExpires: row.sess.cookie?.expires };
  }

  it('stores, returns and replaces a session', async () => {
    const sid = randomUUID();
    const expires = new Date(Date.now() + 30 * MINUTE);
    await sessions().set(sid, sessionData(expires, { draftId: 'draft-1' }));
    expect(await sessions().get(sid)).toEqual({
      cookie: { originalMaxAge: null, expires: expires.toISOString(), httpOnly: true, path: '/' },
      draftId: 'draft-1',
    });

    await sessions().set(sid, sessionData(expires, { draftId: 'draft-2' }));
    expect((await sessions().get(sid))?.draftId).toBe('draft-2');
  });

  it('returns nothing for an unknown or destroyed session', async () => {
    const sid = randomUUID();
    expect(await sessions().get(sid)).toBeNull();
    await sessions().set(sid, sessionData(new Date(Date.now() + MINUTE)));
    await sessions().destroy(sid);
    expect(await sessions().get(sid)).toBeNull();
    await sessions().destroy(sid); // destroying twice is fine
  });

  it('ignores a session whose expiry has passed', async () => {
    const sid = randomUUID();
    await sessions().set(sid, sessionData(new Date(Date.now() - 1000)));
    expect(await sessions().get(sid)).toBeNull();
  });

  it('gives a session without a cookie expiry the default lifetime', async () => {
    const sid = randomUUID();
    const before = Date.now();
    await sessions().set(sid, sessionData(null));
    const stored = await storedExpiry(sid);
    expect(stored?.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 24 * 60 * MINUTE - 1000);
    expect(await sessions().get(sid)).not.toBeNull();
  });

  it('touches only when the expiry moves by more than a minute', async () => {
    const sid = randomUUID();
    const expires = new Date(Date.now() + 30 * MINUTE);
    await sessions().set(sid, sessionData(expires));

    await sessions().touch(sid, sessionData(new Date(expires.getTime() + 30_000)));
    expect((await storedExpiry(sid))?.expiresAt.getTime()).toBe(expires.getTime());

    const later = new Date(expires.getTime() + 5 * MINUTE);
    await sessions().touch(sid, sessionData(later));
    expect(await storedExpiry(sid)).toEqual({ expiresAt: later, cookieExpires: later.toISOString() });
  });

  it('a touch that would move nothing sends no query at all', async () => {
    const sid = randomUUID();
    const expires = new Date(Date.now() + 30 * MINUTE);
    await sessions().set(sid, sessionData(expires));
    await sessions().get(sid);
    const query = vi.spyOn(store().db, 'query');
    try {
      await sessions().touch(sid, sessionData(new Date(expires.getTime() + 30_000)));
      expect(query).not.toHaveBeenCalled();
      await sessions().touch(sid, sessionData(new Date(expires.getTime() + 5 * MINUTE)));
      expect(query).toHaveBeenCalledTimes(1);
    } finally {
      query.mockRestore();
    }
  });

  it('does not bring an expired session back to life by touching it', async () => {
    const sid = randomUUID();
    await sessions().set(sid, sessionData(new Date(Date.now() - 1000)));
    await sessions().touch(sid, sessionData(new Date(Date.now() + 30 * MINUTE)));
    expect(await sessions().get(sid)).toBeNull();
  });

  it('prunes expired sessions and keeps live ones', async () => {
    const expired = randomUUID();
    const live = randomUUID();
    await sessions().set(expired, sessionData(new Date(Date.now() - 1000)));
    await sessions().set(live, sessionData(new Date(Date.now() + 30 * MINUTE)));

    expect(await store().sessions.pruneExpired()).toBeGreaterThanOrEqual(1);
    expect(await storedExpiry(expired)).toBeUndefined();
    expect(await storedExpiry(live)).toBeDefined();
  });

  it('keeps a visitor’s session across requests through express-session', async () => {
    const app = express();
    app.use(session({ store: store().sessions, secret: 'test-secret', resave: false, saveUninitialized: false, cookie: { maxAge: 20 * MINUTE } }));
    app.post('/start', (req, res) => {
      req.session.draftId = 'draft-abc';
      res.sendStatus(204);
    });
    app.get('/who', (req, res) => {
      res.json({ draftId: req.session.draftId ?? null });
    });
    app.post('/end', (req, res, next) => {
      req.session.destroy((err) => (err ? next(err) : res.sendStatus(204)));
    });

    const agent = request.agent(app);
    await agent.post('/start').expect(204);
    await agent.get('/who').expect(200, { draftId: 'draft-abc' });
    await agent.post('/end').expect(204);
    await agent.get('/who').expect(200, { draftId: null });
    await request(app).get('/who').expect(200, { draftId: null });
  });
});

describe('session store pruning timer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('prunes on its interval until stopped', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const noDatabase = {
      query: async <R>(): Promise<R[]> => [],
      exec: async () => {
        // No schema to make.
      },
    };
    const store = new SessionStore(noDatabase, { pruneIntervalMs: 1000 });
    const prune = vi.spyOn(store, 'pruneExpired');

    vi.advanceTimersByTime(3000);
    expect(prune).toHaveBeenCalledTimes(3);

    store.stopPruning();
    vi.advanceTimersByTime(3000);
    expect(prune).toHaveBeenCalledTimes(3);
  });

  it('reports a failed prune instead of crashing', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const failing = {
      query: async <R>(): Promise<R[]> => {
        throw new Error('database gone');
      },
      exec: async () => {
        // No schema to make.
      },
    };
    const errors: unknown[] = [];
    const store = new SessionStore(failing, { pruneIntervalMs: 1000, onError: (err) => errors.push(err) });
    vi.advanceTimersByTime(1000);
    store.stopPruning();
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(String(errors[0])).toContain('database gone');
  });
});
