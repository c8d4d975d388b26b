import { describeJourneyWalks } from './journey-walks.ts';

// Every route in English, JavaScript off, checked by axe (see journey-walks.ts).
describeJourneyWalks('en', 'off');
