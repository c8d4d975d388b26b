import { z } from 'zod';
import { applicationDocumentSchema } from '../journeys/irm/application-document.ts';
import type { Agency } from '../store/agencies.ts';
import type { Application, OnSubmitted } from '../store/applications.ts';
import type { Queryable } from '../store/database.ts';

/** What the agency notification needs: whom to write to comes from the directory, never from the applicant. */
export interface DirectoryAgencyNotice {
  readonly application: Application;
  /** The directory's notification address for the agency. */
  readonly email: string;
  /** The agency's name in the directory. */
  readonly name: string;
  readonly source: 'directory';
}

/** Queues the agency notification inside the submission's transaction (built elsewhere: src/notify). */
export type NotifyDirectoryAgency = (tx: Queryable, notice: DirectoryAgencyNotice) => Promise<void>;

export interface DirectoryAgencyOnSubmittedDeps {
  readonly notify: NotifyDirectoryAgency;
  /** Reads an agency through the submission's transaction (src/store/agencies.ts findAgencyById). */
  readonly findAgency: (tx: Queryable, id: string) => Promise<Agency | undefined>;
  /** The agency was removed from the directory between the applicant's choice and the submission: nobody is notified. */
  readonly onAgencyGone: (application: Application, directoryId: string) => void;
}

const agencyOf = z.object({ agency: applicationDocumentSchema.shape.agency });

/**
 * On submission, an agency the applicant picked from the directory is
 * notified at the directory's address, read in the same transaction. An
 * agency the applicant typed is not notified here: the address they gave
 * (`agency.email`) goes to the caseworker, who checks it first.
 */
export function directoryAgencyOnSubmitted(deps: DirectoryAgencyOnSubmittedDeps): OnSubmitted {
  return async (tx, application) => {
    const parsed = agencyOf.safeParse(application.data);
    if (!parsed.success) return;
    const { source, directoryId } = parsed.data.agency;
    if (source !== 'directory' || directoryId === undefined) return;
    const agency = await deps.findAgency(tx, directoryId);
    if (!agency) {
      deps.onAgencyGone(application, directoryId);
      return;
    }
    await deps.notify(tx, { application, email: agency.notificationEmail, name: agency.name, source: 'directory' });
  };
}
