import { describeJourneyWalks } from './journey-walks.ts';

// Every route in Welsh, JavaScript off, checked by axe (see journey-walks.ts).
describeJourneyWalks('cy', 'off');
