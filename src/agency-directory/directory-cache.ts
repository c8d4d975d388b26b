import type { AgencyDirectoryPort, DirectoryAgency } from '../journeys/ports.ts';
import type { Agency } from '../store/agencies.ts';

/**
 * The agency directory as the web process holds it: read from the database
 * at start-up and again every `refreshMs` (a minute in the service), so an
 * import on PostgreSQL reaches every instance within that time without a
 * restart. The journey reads it synchronously on every request that asks the
 * agency question. Only names, types and ids are held: the notification
 * addresses stay in the database and are read in the submission's transaction.
 */
export interface AgencyDirectoryCache extends AgencyDirectoryPort {
  /** Reads the directory again now (tests; the timer does it in the service). */
  refresh(): Promise<void>;
  /** Stops the timer. */
  stop(): void;
}

export interface AgencyDirectoryCacheDeps {
  readonly list: () => Promise<readonly Agency[]>;
  /** How often to read it again; 0: never (tests refresh by hand). */
  readonly refreshMs: number;
  /** A failed refresh keeps the last list and reports here. */
  readonly onError: (error: unknown) => void;
}

export async function startAgencyDirectoryCache(deps: AgencyDirectoryCacheDeps): Promise<AgencyDirectoryCache> {
  let agencies: readonly DirectoryAgency[] = [];
  let byId = new Map<string, DirectoryAgency>();
  let running: Promise<void> | undefined;

  async function load(): Promise<void> {
    const listed = (await deps.list()).map(({ id, name, type }): DirectoryAgency => ({ id, name, type }));
    // A new array (and map) each time: the journey makes its options again only when the list is a new one.
    agencies = Object.freeze(listed);
    byId = new Map(listed.map((agency) => [agency.id, agency]));
  }

  function refresh(): Promise<void> {
    // One read at a time: a slow database does not pile up reads.
    running ??= load().finally(() => {
      running = undefined;
    });
    return running;
  }

  await refresh();
  const timer =
    deps.refreshMs > 0
      ? setInterval(() => {
          refresh().catch(deps.onError);
        }, deps.refreshMs)
      : undefined;
  timer?.unref();

  return {
    list: () => agencies,
    find: (id) => byId.get(id),
    refresh,
    stop: () => clearInterval(timer),
  };
}
