import { describeJourneyWalks } from './journey-walks.ts';

// Every route in English, JavaScript on and off, checked by axe (see journey-walks.ts).
describeJourneyWalks('en');
