import { describeJourneyWalks } from './journey-walks.ts';

// Every route in Welsh, JavaScript on, checked by axe (see journey-walks.ts).
describeJourneyWalks('cy', 'on');
