import { describeJourneyWalks } from './journey-walks.ts';

// Every route in English, JavaScript on, checked by axe (see journey-walks.ts).
describeJourneyWalks('en', 'on');
