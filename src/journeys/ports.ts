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
