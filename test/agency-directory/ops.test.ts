import { beforeEach, describe, expect, it } from 'vitest';
import { AgencyOpsUsageError, runAgencyOps } from '../../src/agency-directory/ops.ts';
import { OPS_USAGE } from '../../src/handoff/ops.ts';
import { engines, useStore } from '../store/engines.ts';

const NOW = new Date('2026-12-07T09:00:00Z');

const GOOD = [
  '\uFEFFname,type,notificationEmail',
  '"Leeds City Council, Children\'s Services",local-authority,irm@leeds.example.gov.uk',
  '"The ""Bright Futures"" Fostering Agency",Independent fostering agency,irm@brightfutures.example.org',
  'Adopt North,regional-adoption-agency,irm@adoptnorth.example.org',
  '',
].join('\r\n');

const NEXT_YEAR = [
  'name,type,notificationEmail',
  '"Leeds City Council, Children\'s Services",local-authority,reviews@leeds.example.gov.uk',
  'Adopt North,regional-adoption-agency,irm@adoptnorth.example.org',
  'Kirklees Council,local-authority,irm@kirklees.example.gov.uk',
].join('\n');

const BAD = [
  'name,type,notificationEmail',
  'Kirklees Council,local-authority,irm@kirklees.example.gov.uk',
  'Calderdale Council,council,irm@calderdale.example.gov.uk',
  'Wakefield Council,local-authority,not an email',
].join('\r\n');

describe('npm run ops -- agencies (no database)', () => {
  it('refuses a bad command, or a file with problems, before opening the database', async () => {
    let opened = false;
    const lines: string[] = [];
    const deps = {
      now: () => NOW,
      out: (line: string) => lines.push(line),
      readFile: async () => new TextEncoder().encode(BAD),
      openAgencies: async () => {
        opened = true;
        throw new Error('no database here');
      },
    };
    await expect(runAgencyOps([], deps)).rejects.toThrow(AgencyOpsUsageError);
    await expect(runAgencyOps(['import'], deps)).rejects.toThrow(AgencyOpsUsageError);
    await expect(runAgencyOps(['import', 'a.csv', 'b.csv'], deps)).rejects.toThrow(AgencyOpsUsageError);
    await expect(runAgencyOps(['export'], deps)).rejects.toThrow(/Unknown agencies command: export/);
    expect(await runAgencyOps(['import', 'agencies.csv'], deps)).toBe(1);
    expect(opened).toBe(false);
    expect(lines).toEqual([
      'agencies.csv: nothing imported, there are 2 problems:',
      '  line 3: type "council" is not an agency type (local-authority, independent-fostering-agency, voluntary-adoption-agency, regional-adoption-agency)',
      '  line 4: notificationEmail is not a valid email address',
    ]);
  });

  it('is listed in the operators’ usage', () => {
    expect(OPS_USAGE).toContain('agencies import <file.csv>');
    expect(OPS_USAGE).toContain('agencies list');
  });
});

describe.each(engines)('npm run ops -- agencies on $name', (engine) => {
  const store = useStore(engine);
  const files = new Map<string, string>();
  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    const code = await runAgencyOps(argv, {
      now: () => NOW,
      out: (line) => lines.push(line),
      readFile: async (path) => {
        const text = files.get(path);
        if (text === undefined) throw new Error(`ENOENT: ${path}`);
        return new TextEncoder().encode(text);
      },
      openAgencies: async () => ({
        agencies: store().agencies,
        close: async () => {
          // The test's database outlives the command.
        },
      }),
    });
    return { code, text: lines.join('\n') };
  };

  beforeEach(async () => {
    await store().agencies.replaceAll([], NOW);
    files.set('good.csv', GOOD);
    files.set('next-year.csv', NEXT_YEAR);
    files.set('bad.csv', BAD);
  });

  it('imports a good file and lists it', async () => {
    const imported = await run('import', 'good.csv');
    expect(imported.code).toBe(0);
    expect(imported.text).toContain('The directory now lists 3 agencies: 3 added, 0 updated, 0 unchanged, 0 removed.');
    const listed = await run('list');
    expect(listed.text.split('\n')[0]).toBe('3 agencies:');
    expect(listed.text).toMatch(/ {2}[0-9a-f-]{36} {2}regional-adoption-agency\s+Adopt North {2}<irm@adoptnorth\.example\.org>/);
    expect(listed.text).toContain("Leeds City Council, Children's Services  <irm@leeds.example.gov.uk>");
    expect(listed.text).toContain('The "Bright Futures" Fostering Agency  <irm@brightfutures.example.org>');
    expect(await store().agencies.list()).toHaveLength(3);
  });

  it('imports nothing from a file with a bad row: the directory stays as it was', async () => {
    await run('import', 'good.csv');
    const before = await store().agencies.list();
    const result = await run('import', 'bad.csv');
    expect(result.code).toBe(1);
    expect(result.text).toContain('line 3: type "council" is not an agency type');
    expect(result.text).toContain('line 4: notificationEmail is not a valid email address');
    expect(await store().agencies.list()).toEqual(before);
  });

  it('replaces the directory: agencies keep their ids, the missing one is removed and named', async () => {
    await run('import', 'good.csv');
    const before = new Map((await store().agencies.list()).map((a) => [a.name, a.id]));
    const result = await run('import', 'next-year.csv');
    expect(result.code).toBe(0);
    expect(result.text).toContain('The directory now lists 3 agencies: 1 added, 1 updated, 1 unchanged, 1 removed.');
    expect(result.text).toMatch(/ {2}removed {2}\S+ {2}independent-fostering-agency\s+The "Bright Futures" Fostering Agency/);
    const after = await store().agencies.list();
    expect(after.map((a) => a.name)).toEqual(['Adopt North', 'Kirklees Council', "Leeds City Council, Children's Services"]);
    const leeds = after.find((a) => a.name.startsWith('Leeds'));
    expect(leeds).toMatchObject({ id: before.get("Leeds City Council, Children's Services"), notificationEmail: 'reviews@leeds.example.gov.uk' });
    expect(after.find((a) => a.name === 'Adopt North')?.id).toBe(before.get('Adopt North'));
  });

  it('empties the directory on request', async () => {
    await run('import', 'good.csv');
    expect((await run('clear')).text).toContain('The directory now lists 0 agencies: 0 added, 0 updated, 0 unchanged, 3 removed.');
    expect((await run('list')).text).toBe('The directory is empty: applicants type their agency’s details.');
  });
});
