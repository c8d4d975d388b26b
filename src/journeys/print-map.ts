// `npm run journey-map [-- agency-response]`: a journey as a Mermaid flowchart, for the people who maintain it.
import type { CustomPageHandler } from '../engine/journey.ts';
import { journeyMap } from '../engine/journey-map.ts';
import { createWorkingDayCalendar } from '../rules/working-days.ts';
import { createAgencyResponseJourney } from './agency-response/index.ts';
import { createIrmJourney } from './irm/index.ts';

// A map needs the steps, not their pages.
const noPage: CustomPageHandler = async () => {
  throw new Error('Only the map is drawn here');
};

const which = process.argv[2] ?? 'irm-application';
const journey =
  which === 'agency-response'
    ? createAgencyResponseJourney({ casePage: noPage, documentsPage: noPage })
    : createIrmJourney({ calendar: createWorkingDayCalendar() });
process.stdout.write(journeyMap(journey));
