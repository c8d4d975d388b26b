import { describe, expect, it } from 'vitest';
import { createRateLimitHits } from '../../src/store/rate-limit-hits.ts';
import { engines, useStore } from './engines.ts';

const MINUTE = 60_000;
const at = (iso: string) => new Date(iso);

describe.each(engines)('rate-limit hits on $name', (engine) => {
  const store = useStore(engine);
  const hits = () => createRateLimitHits(store().db);

  it('counts hits per key in fixed windows, and says when each window ends', async () => {
    const counter = hits();
    expect(await counter.hit('a', MINUTE, at('2026-12-01T10:00:05Z'))).toEqual({ hits: 1, resetAt: at('2026-12-01T10:01:00Z') });
    expect(await counter.hit('a', MINUTE, at('2026-12-01T10:00:59Z'))).toEqual({ hits: 2, resetAt: at('2026-12-01T10:01:00Z') });
    expect(await counter.hit('b', MINUTE, at('2026-12-01T10:00:30Z'))).toMatchObject({ hits: 1 });
    // A new window starts again.
    expect(await counter.hit('a', MINUTE, at('2026-12-01T10:01:00Z'))).toEqual({ hits: 1, resetAt: at('2026-12-01T10:02:00Z') });
    expect(await counter.get('a', MINUTE, at('2026-12-01T10:01:30Z'))).toMatchObject({ hits: 1 });
  });

  it('never loses a hit sent in parallel (as from many instances)', async () => {
    const now = at('2026-12-01T11:00:00Z');
    const counts = await Promise.all(Array.from({ length: 25 }, () => hits().hit('parallel', MINUTE, now)));
    expect(counts.map((c) => c.hits).sort((x, y) => x - y)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('takes a hit back, resets a key, and prunes ended windows', async () => {
    const counter = hits();
    const now = at('2026-12-01T12:00:00Z');
    await counter.hit('c', MINUTE, now);
    await counter.hit('c', MINUTE, now);
    await counter.unhit('c', MINUTE, now);
    expect(await counter.get('c', MINUTE, now)).toMatchObject({ hits: 1 });
    await counter.reset('c');
    expect(await counter.get('c', MINUTE, now)).toMatchObject({ hits: 0 });

    await counter.hit('old', MINUTE, at('2026-12-01T12:00:00Z'));
    await counter.hit('current', MINUTE, at('2026-12-01T12:05:00Z'));
    expect(await counter.prune(at('2026-12-01T12:05:30Z'))).toBeGreaterThanOrEqual(1);
    expect(await counter.get('old', MINUTE, at('2026-12-01T12:00:00Z'))).toMatchObject({ hits: 0 });
    expect(await counter.get('current', MINUTE, at('2026-12-01T12:05:30Z'))).toMatchObject({ hits: 1 });
  });
});
