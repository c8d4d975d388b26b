import { z } from 'zod';
import type { Queryable } from './database.ts';

/**
 * Rate-limit counts in the database, so that a limit holds however many
 * instances serve the requests: fixed windows, one row per key and window,
 * counted in one statement (parallel hits are never lost).
 */

export interface WindowCount {
  hits: number;
  /** When the window ends and the count starts again. */
  resetAt: Date;
}

export interface RateLimitHits {
  /** Counts one hit for `key` in the window of `windowMs` that holds `now`. */
  hit(key: string, windowMs: number, now: Date): Promise<WindowCount>;
  /** Takes one hit back (a request the limiter decided not to count after all). */
  unhit(key: string, windowMs: number, now: Date): Promise<void>;
  /** The count so far in the current window, without counting. */
  get(key: string, windowMs: number, now: Date): Promise<WindowCount>;
  /** Forgets the key's counts. */
  reset(key: string): Promise<void>;
  /** Deletes windows that ended before `now`; returns how many. */
  prune(now: Date): Promise<number>;
}

const windowOf = (windowMs: number, now: Date) => {
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  return { start: new Date(start), end: new Date(start + windowMs) };
};

const hitsRow = z.object({ hits: z.number() });

/** Ended windows are deleted every this many hits (per process): the table stays small with no job to run. */
const PRUNE_EVERY = 500;

export function createRateLimitHits(db: Queryable): RateLimitHits {
  let sincePrune = 0;
  const prune = async (now: Date): Promise<number> => {
    const rows = await db.query('DELETE FROM rate_limit_hits WHERE window_end <= $1 RETURNING key', [now]);
    return rows.length;
  };
  return {
    async hit(key, windowMs, now) {
      if (++sincePrune >= PRUNE_EVERY) {
        sincePrune = 0;
        await prune(now);
      }
      const { start, end } = windowOf(windowMs, now);
      const [row] = await db.query(
        `INSERT INTO rate_limit_hits (key, window_start, window_end, hits) VALUES ($1, $2, $3, 1)
         ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1
         RETURNING hits`,
        [key, start, end],
      );
      return { hits: hitsRow.parse(row).hits, resetAt: end };
    },

    async unhit(key, windowMs, now) {
      const { start } = windowOf(windowMs, now);
      await db.query('UPDATE rate_limit_hits SET hits = hits - 1 WHERE key = $1 AND window_start = $2 AND hits > 0', [key, start]);
    },

    async get(key, windowMs, now) {
      const { start, end } = windowOf(windowMs, now);
      const [row] = await db.query('SELECT hits FROM rate_limit_hits WHERE key = $1 AND window_start = $2', [key, start]);
      return { hits: row ? hitsRow.parse(row).hits : 0, resetAt: end };
    },

    async reset(key) {
      await db.query('DELETE FROM rate_limit_hits WHERE key = $1', [key]);
    },

    prune,
  };
}
