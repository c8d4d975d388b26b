import { agencyResponseJourney } from './agency-response/index.ts';
import type { JourneyDefinition } from './definition.ts';
import { applyJourney } from './irm/index.ts';

/** The journeys this service offers: each a folder of definitions and a locale file per language. */
export const journeys: readonly JourneyDefinition[] = [applyJourney, agencyResponseJourney];
