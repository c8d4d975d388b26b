import { describe, expect, it } from 'vitest';
import { agencyTypeFrom, readAgencyCsv, type CsvReading } from '../../src/agency-directory/csv-file.ts';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function problemsOf(reading: CsvReading): string[] {
  if (reading.ok) throw new Error(`expected problems, got ${reading.agencies.length} agencies`);
  return reading.problems.map((p) => `${p.line}: ${p.message}`);
}

describe('reading the agency directory CSV', () => {
  it('reads a file as a spreadsheet saves it: byte order mark, CRLF, quoted fields with commas, quotes and line breaks', () => {
    const file = [
      '\uFEFFname,type,notificationEmail',
      '"Leeds City Council, Children\'s Services",local-authority,irm@leeds.example.gov.uk',
      '',
      '"The ""Bright Futures"" Fostering Agency",Independent fostering agency, irm@brightfutures.example.org ',
      '  Adopt   North  ,Regional Adoption Agency,irm@adoptnorth.example.org',
      ',,',
      'St Mary’s Adoption,Voluntary adoption agency,irm@stmarys.example.org',
      'Kirklees Council,Local authority (council),irm@kirklees.example.gov.uk',
      '',
    ].join('\r\n');
    expect(readAgencyCsv(utf8(file))).toEqual({
      ok: true,
      agencies: [
        { name: "Leeds City Council, Children's Services", type: 'local-authority', notificationEmail: 'irm@leeds.example.gov.uk' },
        { name: 'The "Bright Futures" Fostering Agency', type: 'independent-fostering-agency', notificationEmail: 'irm@brightfutures.example.org' },
        { name: 'Adopt North', type: 'regional-adoption-agency', notificationEmail: 'irm@adoptnorth.example.org' },
        { name: "St Mary's Adoption", type: 'voluntary-adoption-agency', notificationEmail: 'irm@stmarys.example.org' },
        { name: 'Kirklees Council', type: 'local-authority', notificationEmail: 'irm@kirklees.example.gov.uk' },
      ],
    });
  });

  it('takes the columns in any order, named in any letter case, and LF line ends', () => {
    const file = 'NotificationEmail,Name,TYPE\nirm@leeds.example.gov.uk,Leeds City Council,local-authority\n';
    expect(readAgencyCsv(utf8(file))).toEqual({
      ok: true,
      agencies: [{ name: 'Leeds City Council', type: 'local-authority', notificationEmail: 'irm@leeds.example.gov.uk' }],
    });
  });

  it('reports every bad row by the line it starts on, and gives no agencies', () => {
    const file = [
      'name,type,notificationEmail',
      'Leeds City Council,local-authority,irm@leeds.example.gov.uk',
      ',local-authority,irm@nobody.example.gov.uk',
      '"Multi-line',
      'Fostering",independent-fostering-agency,irm@multi.example.org',
      'Adopt North,adoption agency,irm@adoptnorth',
      '',
      'leeds  city COUNCIL,local-authority,other@leeds.example.gov.uk',
      'Too Few Fields,local-authority',
    ].join('\r\n');
    expect(problemsOf(readAgencyCsv(utf8(file)))).toEqual([
      '3: name is empty',
      `6: type "adoption agency" is not an agency type (local-authority, independent-fostering-agency, voluntary-adoption-agency, regional-adoption-agency)`,
      '6: notificationEmail is not a valid email address',
      '8: name "leeds city COUNCIL" is already on line 2: two agencies cannot share a name',
      '9: has 2 fields, the header 3',
    ]);
  });

  it.each<[string, string | Uint8Array, string]>([
    ['an empty file', '', '1: the file is empty: its first line must be name,type,notificationEmail'],
    ['a header only', '\uFEFFname,type,notificationEmail\r\n', '1: the file has no agencies after its header'],
    [
      'a header with a missing and an unknown column',
      'name,kind,notificationEmail\nLeeds,local-authority,a@b.example\n',
      '1: the header must name the columns name, type, notificationEmail: unknown column "kind"; missing column type',
    ],
    [
      'no header',
      'Leeds City Council,local-authority,irm@leeds.example.gov.uk\n',
      '1: the header must name the columns name, type, notificationEmail: unknown column "Leeds City Council"; unknown column "local-authority"; unknown column "irm@leeds.example.gov.uk"; missing columns name, type, notificationEmail',
    ],
    ['a quote never closed', 'name,type,notificationEmail\n"Leeds,local-authority,a@b.example\n', 'the file is not valid CSV'],
    [
      'text that is not UTF-8 (Windows-1252)',
      new Uint8Array([...utf8('name,type,notificationEmail\nSt Mary'), 0x92, ...utf8('s,local-authority,a@b.example\n')]),
      '1: the file is not UTF-8',
    ],
  ])('refuses %s', (_, file, problem) => {
    const [only, ...others] = problemsOf(readAgencyCsv(typeof file === 'string' ? utf8(file) : file));
    expect(only).toContain(problem);
    expect(others).toEqual([]);
  });

  it.each([
    ['local-authority', 'local-authority'],
    ['Local authority (council)', 'local-authority'],
    ['REGIONAL_ADOPTION_AGENCY', 'regional-adoption-agency'],
    [' voluntary adoption agency ', 'voluntary-adoption-agency'],
    ['fostering agency', undefined],
    ['', undefined],
  ])('reads the type %j as %j', (text, type) => {
    expect(agencyTypeFrom(text)).toBe(type);
  });
});
