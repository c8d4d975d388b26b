import { Store, type SessionData } from 'express-session';
import type { Queryable } from './database.ts';

export interface SessionStoreOptions {
  /** Lifetime of a session whose cookie has no expiry (a browser-session cookie). Default 24 hours. */
  defaultTtlMs?: number;
  /**
   * `touch` writes only when it would move the stored expiry on by more than
   * this, so a run of requests does not cost a write each. Default 1 minute.
   */
  touchAfterMs?: number;
  /** How often expired sessions are deleted; 0 turns the timer off. Default 15 minutes. */
  pruneIntervalMs?: number;
  /** Failures of the background prune. */
  onError?: (err: unknown) => void;
  /** The clock, for tests. */
  now?: () => Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * An express-session store on the `sessions` table, so that any instance can
 * serve any request. The session itself holds only ids (see DESIGN.md, State).
 */
export class SessionStore extends Store {
  readonly #db: Queryable;
  readonly #defaultTtlMs: number;
  readonly #touchAfterMs: number;
  readonly #onError: (err: unknown) => void;
  readonly #now: () => Date;
  #pruneTimer: NodeJS.Timeout | undefined;
  /**
   * The expiry this instance last read or wrote for each session, so that a
   * touch that would move nothing costs no query at all (express-session
   * touches on every request). Bounded; a stale entry only costs a write.
   */
  readonly #knownExpiry = new Map<string, number>();

  constructor(db: Queryable, options: SessionStoreOptions = {}) {
    super();
    this.#db = db;
    this.#defaultTtlMs = options.defaultTtlMs ?? DAY_MS;
    this.#touchAfterMs = options.touchAfterMs ?? 60_000;
    this.#onError = options.onError ?? ((err) => console.error('session prune failed', err));
    this.#now = options.now ?? (() => new Date());
    const pruneIntervalMs = options.pruneIntervalMs ?? 15 * 60_000;
    if (pruneIntervalMs > 0) {
      this.#pruneTimer = setInterval(() => {
        this.pruneExpired().catch(this.#onError);
      }, pruneIntervalMs);
      // Pruning is housekeeping: it must not keep the process alive.
      this.#pruneTimer.unref();
    }
  }

  /** How far the stored expiry may lag behind the cookie's (see `touchAfterMs` in the options). */
  get touchAfterMs(): number {
    return this.#touchAfterMs;
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    settle(this.read(sid), callback);
  }

  override set(sid: string, session: SessionData, callback?: (err?: unknown) => void): void {
    settle(this.write(sid, session), callback);
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    settle(this.remove(sid), callback);
  }

  // express-session passes an error-first callback here, though its types say `() => void`.
  override touch(sid: string, session: SessionData, callback?: (err?: unknown) => void): void {
    settle(this.refresh(sid, session), callback);
  }

  /** The live session, or null when there is none or it has expired. */
  async read(sid: string): Promise<SessionData | null> {
    const [row] = await this.#db.query<{ sess: SessionData; expires_at: Date | string }>(
      'SELECT sess, expires_at FROM sessions WHERE sid = $1 AND expires_at > $2',
      [sid, this.#now().toISOString()],
    );
    if (!row) {
      this.#knownExpiry.delete(sid);
      return null;
    }
    this.#remember(sid, new Date(row.expires_at).getTime());
    return row.sess;
  }

  async write(sid: string, session: SessionData): Promise<void> {
    await this.#db.query(
      `INSERT INTO sessions (sid, sess, expires_at) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (sid) DO UPDATE SET sess = excluded.sess, expires_at = excluded.expires_at`,
      [sid, JSON.stringify(session), this.expiryOf(session).toISOString()],
    );
    this.#remember(sid, this.expiryOf(session).getTime());
  }

  async remove(sid: string): Promise<void> {
    await this.#db.query('DELETE FROM sessions WHERE sid = $1', [sid]);
    this.#knownExpiry.delete(sid);
  }

  /**
   * Moves the expiry on, but only when it moves by more than `touchAfterMs`;
   * otherwise the UPDATE matches no row and writes nothing. The cookie's
   * expiry inside the stored session moves with it.
   * @returns whether the row was written
   */
  async refresh(sid: string, session: SessionData): Promise<boolean> {
    const expires = this.expiryOf(session);
    const known = this.#knownExpiry.get(sid);
    if (known !== undefined && expires.getTime() - known <= this.#touchAfterMs) return false;
    const moveIfBefore = new Date(expires.getTime() - this.#touchAfterMs);
    const rows = await this.#db.query<{ sid: string }>(
      `UPDATE sessions
          SET expires_at = $2,
              sess = jsonb_set(sess, '{cookie,expires}', to_jsonb($5::text))
        WHERE sid = $1 AND expires_at < $3 AND expires_at > $4
        RETURNING sid`,
      [sid, expires.toISOString(), moveIfBefore.toISOString(), this.#now().toISOString(), expires.toISOString()],
    );
    if (rows.length > 0) this.#remember(sid, expires.getTime());
    return rows.length > 0;
  }

  #remember(sid: string, expiresAtMs: number): void {
    this.#knownExpiry.delete(sid);
    this.#knownExpiry.set(sid, expiresAtMs);
    // Oldest first out: a Map iterates in insertion order.
    if (this.#knownExpiry.size > 10_000) {
      const oldest = this.#knownExpiry.keys().next();
      if (!oldest.done) this.#knownExpiry.delete(oldest.value);
    }
  }

  /** Deletes expired sessions. @returns how many */
  async pruneExpired(): Promise<number> {
    const [row] = await this.#db.query<{ deleted: number }>(
      'WITH gone AS (DELETE FROM sessions WHERE expires_at <= $1 RETURNING 1) SELECT count(*)::int AS deleted FROM gone',
      [this.#now().toISOString()],
    );
    return row?.deleted ?? 0;
  }

  /** Stops the prune timer; call before closing the database. */
  stopPruning(): void {
    if (this.#pruneTimer) clearInterval(this.#pruneTimer);
    this.#pruneTimer = undefined;
  }

  /** When a session ends: its cookie's expiry, or the default lifetime for a cookie without one. */
  expiryOf(session: SessionData): Date {
    // express-session's Cookie inherits `@deprecated` from CookieOptions, where it is about setting
    // `expires` instead of `maxAge`; a store reads it to learn when the session ends.
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- reading, not setting (see above)
    const expires: unknown = session.cookie.expires;
    if (expires instanceof Date) return expires;
    if (typeof expires === 'string') {
      const parsed = new Date(expires);
      if (!Number.isNaN(parsed.getTime())) return parsed;
    }
    return new Date(this.#now().getTime() + this.#defaultTtlMs);
  }
}

function settle<T>(work: Promise<T>, callback: ((err: unknown, value?: T) => void) | undefined): void {
  work.then(
    (value) => callback?.(null, value),
    (err: unknown) => callback?.(err),
  );
}
