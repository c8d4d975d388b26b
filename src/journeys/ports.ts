/**
 * What the journeys need of storage, declared on their side so that no
 * journey imports src/store: the composition root passes in the store's
 * repositories, which fit these shapes (the type checker holds them to it
 * there).
 */

/** The part of the store's application repository a journey's submission uses. */
export interface ApplicationRepository {
  /** Turns a draft into an application exactly once; a second call gives back the first application. */
  submit(input: {
    draftId: string;
    journeyId: string;
    journeyVersion: string;
    route: string;
    late: boolean;
    /** The finished application document: plain JSON values only. */
    data: unknown;
    /** A new candidate reference; called again if the last one is taken. */
    newReference: () => string;
  }): Promise<{ application: { reference: string } }>;
  getById(id: string): Promise<{ reference: string } | undefined>;
}

/** One agency of the directory operators keep, as a journey sees it. */
export interface DirectoryAgency {
  readonly id: string;
  readonly name: string;
  /** One of the journey's agency types (src/journeys/irm/vocabulary.ts). */
  readonly type: string;
}

/**
 * The agency directory (`npm run ops -- agencies import FILE`), read from
 * memory: synchronous, because the engine asks for a field's options while it
 * walks the answers. The composition root keeps it current (see
 * src/agency-directory/directory-cache.ts).
 */
export interface AgencyDirectoryPort {
  /** The agencies now listed, in the order to show them; empty when no directory is configured. */
  list(): readonly DirectoryAgency[];
  find(id: string): DirectoryAgency | undefined;
}

/** No directory: the applicant types their agency's details. */
export const noAgencyDirectory: AgencyDirectoryPort = { list: () => [], find: () => undefined };

/** What an agency is shown about the application a link is for: enough to find the case, nothing more. */
export interface AgencyCase {
  readonly notificationId: string;
  readonly applicationId: string;
  readonly reference: string;
  readonly route: string;
  /** YYYY-MM-DD: the date on the decision letter, as the applicant gave it. */
  readonly decisionDate: string;
  readonly applicantName: string;
  /** YYYY-MM-DD: the last day for the agency's response. */
  readonly dueDate: string;
}

/** The part of the store's agency responses the agency's journey uses. */
export interface AgencyResponsePort {
  /** The case a link opens, when the link may be used now. Changes nothing. */
  findByLink(token: unknown, now: Date): Promise<AgencyCase | undefined>;
  /** Opens a usable link: its notification's response draft, made the first time, the same one every time after. */
  openByLink(token: unknown, journey: { id: string; version: string }, now: Date): Promise<{ case: AgencyCase; draftId: string } | undefined>;
  caseForDraft(draftId: string): Promise<AgencyCase | undefined>;
  /** Whether the draft may still be worked on (its link is still usable) or its confirmation shown (it was sent). */
  isOpen(draftId: string, now: Date): Promise<boolean>;
  /** Sends the response once per draft; a second call gives back the first response. */
  submit(input: { draftId: string; journeyId: string; journeyVersion: string; data: unknown; now: Date }): Promise<{ response: { reference: string } }>;
  /** The response a draft became, once sent (its `reference` is the application's). */
  forDraft(draftId: string): Promise<{ reference: string } | undefined>;
}
