import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import { cleanLine } from '../engine/clean.ts';
import { agencyTypes } from '../journeys/irm/vocabulary.ts';
import { agencyNameKey } from '../store/agencies.ts';

/**
 * The agency directory's CSV file (`npm run ops -- agencies import FILE`):
 *
 *   name,type,notificationEmail
 *   Leeds City Council,local-authority,irm@leeds.example.gov.uk
 *   "Adopt North, Yorkshire",Regional adoption agency,irm@adoptnorth.example.org
 *
 * UTF-8 (a byte order mark is fine), commas between fields, double quotes
 * around fields that hold commas, quotes or line breaks (a quote inside one
 * written twice), CRLF or LF line ends; a header row naming the three columns
 * in any order; blank lines are skipped. `type` is one of the journey's agency
 * types, written as its code (`local-authority`) or in words (`Local
 * authority`); no two agencies may share a name.
 */

export const CSV_COLUMNS = ['name', 'type', 'notificationEmail'] as const;
type Column = (typeof CSV_COLUMNS)[number];

export type AgencyType = (typeof agencyTypes)[number];

/** A type as a person may write it: `local-authority`, `Local authority`, `Local authority (council)`, `LOCAL_AUTHORITY`. */
export function agencyTypeFrom(text: string): AgencyType | undefined {
  const code = text
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[^a-z]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return agencyTypes.find((type) => type === code);
}

const agencyRowSchema = z.object({
  name: z.string().transform(cleanLine).pipe(z.string().min(1, 'is empty').max(200, 'is longer than 200 characters')),
  type: z.string().transform((text, ctx) => {
    const type = agencyTypeFrom(text);
    if (type) return type;
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text.trim())} is not an agency type (${agencyTypes.join(', ')})` });
    return z.NEVER;
  }),
  notificationEmail: z.string().trim().pipe(z.email('is not a valid email address').max(254, 'is longer than 254 characters')),
});

export type AgencyRow = z.infer<typeof agencyRowSchema>;

export interface CsvProblem {
  /** The line of the file the row starts on (1 is the header). */
  readonly line: number;
  readonly message: string;
}

export type CsvReading = { readonly ok: true; readonly agencies: readonly AgencyRow[] } | { readonly ok: false; readonly problems: readonly CsvProblem[] };

const parsedSchema = z.array(z.object({ record: z.array(z.string()), info: z.object({ bytes: z.number() }) }));

const LINE_BREAK = /\r\n|\r|\n/g;
const BLANK_LINE_AT_START = /^[ \t]*(\r\n|\r|\n)/;

/** Every row with the line it starts on, however many lines its quoted fields span. */
function rowsWithLines(bytes: Uint8Array): Array<{ line: number; fields: string[] }> {
  const records = parsedSchema.parse(parse(bytes, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }));
  const text = Buffer.from(bytes);
  const rows: Array<{ line: number; fields: string[] }> = [];
  let end = 0;
  let linesBefore = 0;
  for (const { record, info } of records) {
    // The row starts after the last one ended and any blank lines after it.
    let rest = text.subarray(end, info.bytes).toString('utf8');
    for (let blank = BLANK_LINE_AT_START.exec(rest); blank; blank = BLANK_LINE_AT_START.exec(rest)) {
      linesBefore += 1;
      rest = rest.slice(blank[0].length);
    }
    rows.push({ line: linesBefore + 1, fields: record });
    linesBefore += (rest.match(LINE_BREAK) ?? []).length;
    end = info.bytes;
  }
  return rows;
}

function headerProblems(header: readonly string[]): { columns: Map<Column, number>; problems: string[] } {
  const columns = new Map<Column, number>();
  const problems: string[] = [];
  header.forEach((raw, index) => {
    const name = raw.trim();
    const column = CSV_COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase());
    if (!column) problems.push(`unknown column ${JSON.stringify(name)}`);
    else if (columns.has(column)) problems.push(`column ${column} appears twice`);
    else columns.set(column, index);
  });
  const missing = CSV_COLUMNS.filter((c) => !columns.has(c));
  if (missing.length > 0) problems.push(`missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  return { columns, problems };
}

/**
 * Reads and checks a whole file. Every bad row is reported with its line
 * number, so that one pass fixes them all; a file with any problem gives no
 * agencies at all.
 */
export function readAgencyCsv(bytes: Uint8Array): CsvReading {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, problems: [{ line: 1, message: 'the file is not UTF-8 text: save it as "CSV UTF-8"' }] };
  }
  let rows;
  try {
    rows = rowsWithLines(bytes);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = typeof error.lines === 'number' ? error.lines : 1;
    return { ok: false, problems: [{ line, message: `the file is not valid CSV: ${error.message}` }] };
  }

  // Lines of nothing but commas and spaces are blank lines too.
  const [header, ...body] = rows.filter((row) => row.fields.some((field) => field.trim() !== ''));
  if (!header) return { ok: false, problems: [{ line: 1, message: `the file is empty: its first line must be ${CSV_COLUMNS.join(',')}` }] };
  const { columns, problems: badHeader } = headerProblems(header.fields);
  if (badHeader.length > 0) {
    return { ok: false, problems: [{ line: header.line, message: `the header must name the columns ${CSV_COLUMNS.join(', ')}: ${badHeader.join('; ')}` }] };
  }
  if (body.length === 0) return { ok: false, problems: [{ line: header.line, message: 'the file has no agencies after its header' }] };

  const problems: CsvProblem[] = [];
  const agencies: AgencyRow[] = [];
  const firstLineOfName = new Map<string, number>();
  for (const { line, fields } of body) {
    if (fields.length !== header.fields.length) {
      problems.push({ line, message: `has ${fields.length} field${fields.length === 1 ? '' : 's'}, the header ${header.fields.length}` });
      continue;
    }
    const parsed = agencyRowSchema.safeParse(Object.fromEntries(CSV_COLUMNS.map((column) => [column, fields[columns.get(column) ?? -1] ?? ''])));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ line, message: `${issue.path.join('.')} ${issue.message}` });
      continue;
    }
    const key = agencyNameKey(parsed.data.name);
    const earlier = firstLineOfName.get(key);
    if (earlier !== undefined) {
      problems.push({ line, message: `name ${JSON.stringify(parsed.data.name)} is already on line ${earlier}: two agencies cannot share a name` });
      continue;
    }
    firstLineOfName.set(key, line);
    agencies.push(parsed.data);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, agencies };
}
