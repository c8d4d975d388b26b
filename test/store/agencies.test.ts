import { describe, expect, it } from 'vitest';
import { DuplicateAgencyNameError, agencyNameKey } from '../../src/store/agencies.ts';
import { engines, useStore } from './engines.ts';

const MONDAY = new Date('2026-12-07T09:00:00Z');
const TUESDAY = new Date('2026-12-08T09:00:00Z');

const leeds = { name: 'Leeds City Council', type: 'local-authority', notificationEmail: 'irm@leeds.example.gov.uk' };
const adoptNorth = { name: 'Adopt North', type: 'regional-adoption-agency', notificationEmail: 'irm@adoptnorth.example.org' };
const brightFutures = { name: 'Bright Futures Fostering', type: 'independent-fostering-agency', notificationEmail: 'irm@brightfutures.example.org' };

describe('agency names', () => {
  it.each([
    ['Leeds City Council', 'leeds city council'],
    ['  Leeds   City\tCouncil ', 'leeds city council'],
    ['St Mary’s Adoption', "st mary's adoption"],
    ['ＡＢＣ Fostering', 'abc fostering'],
  ])('%j is the same agency as %j', (name, key) => {
    expect(agencyNameKey(name)).toBe(key);
  });
});

describe.each(engines)('the agency directory on $name', (engine) => {
  const store = useStore(engine);

  it('starts empty, then holds what an import gives it, by name', async () => {
    const { agencies } = store();
    await agencies.replaceAll([], MONDAY);
    expect(await agencies.list()).toEqual([]);

    const summary = await agencies.replaceAll([leeds, adoptNorth], MONDAY);
    expect(summary.added.map((a) => a.name)).toEqual(['Adopt North', 'Leeds City Council']);
    expect(summary).toMatchObject({ updated: [], unchanged: 0, removed: [] });
    const listed = await agencies.list();
    expect(listed.map(({ id: _, ...agency }) => agency)).toEqual([
      { ...adoptNorth, createdAt: MONDAY, updatedAt: MONDAY },
      { ...leeds, createdAt: MONDAY, updatedAt: MONDAY },
    ]);
    expect(listed.map((a) => a.id)).toEqual(summary.added.map((a) => a.id));
    for (const agency of listed) expect(await agencies.findById(store().db, agency.id)).toEqual(agency);
  });

  it('replaces the directory: the same name keeps its id, new names are added, missing ones removed', async () => {
    const { agencies } = store();
    await agencies.replaceAll([leeds, adoptNorth], MONDAY);
    const before = new Map((await agencies.list()).map((a) => [a.name, a.id]));

    const movedAddress = { ...leeds, name: 'LEEDS  city council', notificationEmail: 'reviews@leeds.example.gov.uk' };
    const summary = await agencies.replaceAll([movedAddress, brightFutures], TUESDAY);
    expect(summary.added.map((a) => a.name)).toEqual(['Bright Futures Fostering']);
    expect(summary.updated).toEqual([{ id: before.get('Leeds City Council'), ...movedAddress, createdAt: MONDAY, updatedAt: TUESDAY }]);
    expect(summary.removed.map((a) => a.id)).toEqual([before.get('Adopt North')]);
    expect(summary.unchanged).toBe(0);

    const after = await agencies.list();
    expect(after.map((a) => a.name)).toEqual(['Bright Futures Fostering', 'LEEDS  city council']);
    expect(await agencies.findById(store().db, before.get('Adopt North') ?? '')).toBeUndefined();

    // The same file again changes nothing.
    expect(await agencies.replaceAll([movedAddress, brightFutures], TUESDAY)).toEqual({ added: [], updated: [], unchanged: 2, removed: [] });
  });

  it('refuses two agencies with one name, and changes nothing', async () => {
    const { agencies } = store();
    await agencies.replaceAll([leeds], MONDAY);
    await expect(agencies.replaceAll([adoptNorth, { ...adoptNorth, name: 'adopt north ', type: 'voluntary-adoption-agency' }], TUESDAY)).rejects.toThrow(
      DuplicateAgencyNameError,
    );
    expect((await agencies.list()).map((a) => a.name)).toEqual(['Leeds City Council']);
  });

  it('rolls the whole import back when one agency is refused by the database', async () => {
    const { agencies } = store();
    await agencies.replaceAll([leeds], MONDAY);
    await expect(agencies.replaceAll([adoptNorth, { ...brightFutures, type: 'a-kind-of-agency' }], TUESDAY)).rejects.toThrow();
    expect((await agencies.list()).map((a) => a.name)).toEqual(['Leeds City Council']);
  });

  it('finds nothing for an unknown or malformed id', async () => {
    const { agencies, db } = store();
    expect(await agencies.findById(db, '3f6c2a8e-1d4b-4c7a-9e2f-5b8d0a1c3e7f')).toBeUndefined();
    expect(await agencies.findById(db, "' OR 1=1 --")).toBeUndefined();
  });

  it('serialises two imports running at once: the directory is one file or the other, never a mix', async () => {
    const { agencies } = store();
    await agencies.replaceAll([], MONDAY);
    await Promise.all([agencies.replaceAll([leeds, adoptNorth], MONDAY), agencies.replaceAll([brightFutures], TUESDAY)]);
    const names = (await agencies.list()).map((a) => a.name);
    expect([['Bright Futures Fostering'], ['Adopt North', 'Leeds City Council']]).toContainEqual(names);
  });
});
