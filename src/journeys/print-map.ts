// `npm run journey-map`: the IRM journey as a Mermaid flowchart, for the people who maintain it.
import { journeyMap } from '../engine/journey-map.ts';
import { createWorkingDayCalendar } from '../rules/working-days.ts';
import { createIrmJourney } from './irm/index.ts';

// The applicant's journey; a second journey gets its own line here.
process.stdout.write(journeyMap(createIrmJourney({ calendar: createWorkingDayCalendar() })));
