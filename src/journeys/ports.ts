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
