import { z } from 'zod';
import { derived, not, type Condition, type Facts } from '../../engine/conditions.ts';
import type { Derivation } from '../../engine/journey.ts';
import { selectField, type SelectOption } from '../../engine/fields/select.ts';
import type { Field } from '../../engine/fields/field.ts';
import type { AgencyDirectoryPort, DirectoryAgency } from '../ports.ts';
import * as vocabulary from './vocabulary.ts';

/**
 * The agency from the directory operators keep. When the directory lists any
 * agency, the applicant is first asked to pick theirs from it (a select that
 * JavaScript turns into an autocomplete), with "My agency is not listed" as
 * the way out; an agency picked there gives its name and type, so the agency
 * question then asks only for its email address. With an empty directory the
 * journey is as it was: the agency question asks for all three.
 */

/** The field of the picking step: an agency's directory id, or NOT_LISTED. */
export const DIRECTORY_AGENCY_FIELD = 'directoryAgency';
export const NOT_LISTED = 'not-listed';

/** Derived values (usable in conditions, and in notices as text). */
const IN_USE = 'agencyDirectoryInUse';
const PICKED = 'agencyPickedFromDirectory';
const CHOSEN = 'directoryAgencyChosen';
/** The agency's name however it was given: check-your-answers' notice says who gets a copy. */
const AGENCY_NAME = 'agency';

/** The directory lists at least one agency: ask the applicant to pick theirs. */
export const directoryInUse: Condition = derived(IN_USE).isTrue();
/** The applicant picked a listed agency (not "My agency is not listed"). */
export const pickedFromDirectory: Condition = derived(PICKED).isTrue();
/** Ask for the agency's name and type: the applicant did not pick a listed agency. */
export const typesAgencyDetails: Condition = not(pickedFromDirectory);

function chosenAgency(facts: Facts, directory: AgencyDirectoryPort): DirectoryAgency | undefined {
  const id = facts.answer(DIRECTORY_AGENCY_FIELD);
  return typeof id === 'string' && id !== NOT_LISTED ? directory.find(id) : undefined;
}

export function agencyDerivations(directory: AgencyDirectoryPort): Record<string, Derivation> {
  return {
    [IN_USE]: () => directory.list().length > 0,
    [PICKED]: (facts) => chosenAgency(facts, directory) !== undefined,
    [CHOSEN]: (facts) => chosenAgency(facts, directory),
    [AGENCY_NAME]: (facts) => chosenAgency(facts, directory)?.name ?? facts.answer('agencyName'),
  };
}

const chosenSchema = z.object({ id: z.string(), name: z.string(), type: z.enum(vocabulary.agencyTypes) }).optional();

/** The listed agency the applicant picked, from a walk's facts; undefined when they typed its details. */
export function directoryAgencyOf(facts: Facts): z.infer<typeof chosenSchema> {
  return chosenSchema.parse(facts.derived(CHOSEN));
}

/** The picking field: the directory's agencies, by name, then "My agency is not listed". */
export function directoryAgencyField(directory: AgencyDirectoryPort): Field {
  // The options are made again only when the directory gives a new list.
  let listed: readonly DirectoryAgency[] | undefined;
  let options: readonly SelectOption[] = [];
  return selectField(DIRECTORY_AGENCY_FIELD, {
    options: () => {
      const now = directory.list();
      if (now !== listed) {
        listed = now;
        options = now.map((agency) => ({ value: agency.id, text: agency.name }));
      }
      return options;
    },
    fixedOptions: [NOT_LISTED],
    autocomplete: true,
  });
}
