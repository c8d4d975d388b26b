import { describe, expect, it } from 'vitest';
import { startAgencyDirectoryCache } from '../../src/agency-directory/directory-cache.ts';
import type { Agency } from '../../src/store/agencies.ts';

const at = new Date('2026-12-07T09:00:00Z');
const agency = (id: string, name: string): Agency => ({
  id,
  name,
  type: 'local-authority',
  notificationEmail: `irm@${id}.example.gov.uk`,
  createdAt: at,
  updatedAt: at,
});

describe('the agency directory in memory', () => {
  it('holds the directory read at start, and what a refresh reads, without the notification addresses', async () => {
    let stored = [agency('a', 'Adopt North')];
    const cache = await startAgencyDirectoryCache({ list: () => Promise.resolve(stored), refreshMs: 0, onError: () => undefined });
    expect(cache.list()).toEqual([{ id: 'a', name: 'Adopt North', type: 'local-authority' }]);
    expect(cache.find('a')?.name).toBe('Adopt North');
    expect(JSON.stringify(cache.list())).not.toContain('@');

    stored = [agency('b', 'Bradford Council')];
    expect(cache.list().map((a) => a.id)).toEqual(['a']);
    await cache.refresh();
    expect(cache.list().map((a) => a.id)).toEqual(['b']);
    expect(cache.find('a')).toBeUndefined();
    cache.stop();
  });

  it('gives the same list until it reads a new one, so the journey makes its options only then', async () => {
    const cache = await startAgencyDirectoryCache({ list: () => Promise.resolve([agency('a', 'Adopt North')]), refreshMs: 0, onError: () => undefined });
    const first = cache.list();
    expect(cache.list()).toBe(first);
    await cache.refresh();
    expect(cache.list()).not.toBe(first);
    cache.stop();
  });

  it('keeps the last list when a refresh fails, and reports it', async () => {
    let fail = false;
    const errors: unknown[] = [];
    const cache = await startAgencyDirectoryCache({
      list: () => (fail ? Promise.reject(new Error('database unavailable')) : Promise.resolve([agency('a', 'Adopt North')])),
      refreshMs: 5,
      onError: (error) => errors.push(error),
    });
    fail = true;
    await expect(cache.refresh()).rejects.toThrow('database unavailable');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(errors.length).toBeGreaterThan(0);
    expect(cache.list().map((a) => a.id)).toEqual(['a']);
    cache.stop();
  });

  it('reads once for refreshes asked at the same time', async () => {
    let reads = 0;
    const cache = await startAgencyDirectoryCache({
      list: async () => {
        reads += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return [];
      },
      refreshMs: 0,
      onError: () => undefined,
    });
    await Promise.all([cache.refresh(), cache.refresh(), cache.refresh()]);
    expect(reads).toBe(2);
    cache.stop();
  });
});
