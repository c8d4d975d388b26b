import type { Agency, AgencyRepository, ReplaceSummary } from '../store/agencies.ts';
import { CSV_COLUMNS, readAgencyCsv } from './csv-file.ts';

export const AGENCY_OPS_USAGE = `  agencies import <file.csv>          replace the agency directory with the file's agencies
                                      (columns ${CSV_COLUMNS.join(', ')}; see README)
  agencies list                       the agencies in the directory
  agencies clear                      empty the directory (applicants type their agency's details)`;

export interface AgencyOpsDeps {
  /** Opened only once the command and its file are known to be good. */
  openAgencies: () => Promise<{ agencies: AgencyRepository; close: () => Promise<void> }>;
  readFile: (path: string) => Promise<Uint8Array>;
  now: () => Date;
  out: (line: string) => void;
}

export class AgencyOpsUsageError extends Error {
  constructor(message: string) {
    super(`${message}\n\nUsage: npm run ops -- <command>\n\n${AGENCY_OPS_USAGE}`);
    this.name = 'AgencyOpsUsageError';
  }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? 'y' : 'ies'}`;

function agencyLine(agency: Agency): string {
  return `${agency.id}  ${agency.type.padEnd(28)}  ${agency.name}  <${agency.notificationEmail}>`;
}

function report(summary: ReplaceSummary, out: (line: string) => void): void {
  const total = summary.added.length + summary.updated.length + summary.unchanged;
  out(
    `The directory now lists ${plural(total, 'agenc')}: ${summary.added.length} added, ${summary.updated.length} updated, ${summary.unchanged} unchanged, ${summary.removed.length} removed.`,
  );
  for (const agency of summary.added) out(`  added    ${agencyLine(agency)}`);
  for (const agency of summary.updated) out(`  updated  ${agencyLine(agency)}`);
  // Removed agencies are no longer offered; drafts that chose one ask again, and submitted applications keep the name they were sent with.
  for (const agency of summary.removed) out(`  removed  ${agencyLine(agency)}`);
}

/**
 * `npm run ops -- agencies <import FILE | list | clear>`. An import checks
 * every row first and, if any is bad, lists each problem by line and imports
 * nothing; otherwise it replaces the directory in one transaction.
 * @returns the process exit code
 */
export async function runAgencyOps(argv: readonly string[], deps: AgencyOpsDeps): Promise<number> {
  const [command, ...rest] = argv;
  const { out } = deps;
  switch (command) {
    case 'import': {
      const [file, ...extra] = rest;
      if (file === undefined || extra.length > 0) throw new AgencyOpsUsageError('agencies import needs one file');
      const reading = readAgencyCsv(await deps.readFile(file));
      if (!reading.ok) {
        out(`${file}: nothing imported, ${reading.problems.length === 1 ? 'there is a problem' : `there are ${reading.problems.length} problems`}:`);
        for (const problem of reading.problems) out(`  line ${problem.line}: ${problem.message}`);
        return 1;
      }
      return withAgencies(deps, async (agencies) => {
        report(await agencies.replaceAll(reading.agencies, deps.now()), out);
        return 0;
      });
    }
    case 'list':
      if (rest.length > 0) throw new AgencyOpsUsageError('agencies list takes no arguments');
      return withAgencies(deps, async (agencies) => {
        const all = await agencies.list();
        out(all.length === 0 ? 'The directory is empty: applicants type their agency’s details.' : `${plural(all.length, 'agenc')}:`);
        for (const agency of all) out(`  ${agencyLine(agency)}`);
        return 0;
      });
    case 'clear':
      if (rest.length > 0) throw new AgencyOpsUsageError('agencies clear takes no arguments');
      return withAgencies(deps, async (agencies) => {
        report(await agencies.replaceAll([], deps.now()), out);
        return 0;
      });
    default:
      throw new AgencyOpsUsageError(command === undefined ? 'agencies needs a command' : `Unknown agencies command: ${command}`);
  }
}

async function withAgencies(deps: AgencyOpsDeps, run: (agencies: AgencyRepository) => Promise<number>): Promise<number> {
  const { agencies, close } = await deps.openAgencies();
  try {
    return await run(agencies);
  } finally {
    await close();
  }
}
