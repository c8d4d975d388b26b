import { formatLongDate, parseCalendarDate } from '../../dates/calendar-date.ts';
import { routes } from '../../rules/deadlines.ts';
import type { AgencyCase } from '../ports.ts';

/** The case as the agency's pages show it: its dates written out in the page's language, its route in words. */
export interface CaseView {
  readonly reference: string;
  /** A translation key: `journey:routes.<route>` (an unknown route is shown as it is stored). */
  readonly routeKey: string | undefined;
  readonly route: string;
  readonly decisionDate: string;
  readonly applicantName: string;
  readonly dueDate: string;
}

const longDate = (value: string, lang: string): string => {
  const date = parseCalendarDate(value);
  return date ? formatLongDate(date, lang) : value;
};

export function caseView(agencyCase: AgencyCase, lang: string): CaseView {
  const known = routes.find((route) => route === agencyCase.route);
  return {
    reference: agencyCase.reference,
    routeKey: known ? `journey:routes.${known}` : undefined,
    route: agencyCase.route,
    decisionDate: longDate(agencyCase.decisionDate, lang),
    applicantName: agencyCase.applicantName,
    dueDate: longDate(agencyCase.dueDate, lang),
  };
}

/** Every route's words, for the start-up translation check. */
export const ROUTE_KEYS = routes.map((route) => `journey:routes.${route}`);
