import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import pino from 'pino';
import type { ApplicationDocument } from '../../src/journeys/irm/application-document.ts';
import { sampleDocument } from '../support/sample-application.ts';

export { sampleDocument };
import { DeliveryWorker, type DeliveryWorkerOptions, type OperatorAlert } from '../../src/handoff/delivery-worker.ts';
import { createEventPayloads } from '../../src/handoff/event-payloads.ts';
import { noEvidence, type EvidenceCatalogue } from '../../src/handoff/evidence-catalogue.ts';
import { outboxOnSubmitted } from '../../src/handoff/index.ts';
import { createOutbox, type Outbox } from '../../src/store/outbox.ts';
import { openStore, type AppStore } from '../../src/store/index.ts';
import type { PreparedDatabase, TestEngine } from '../store/engines.ts';
import type { TestClock } from './clock.ts';
import { expectValidEvent } from './event-schema.ts';
import { Receiver } from './receiver.ts';

export const SILENT = pino({ level: 'silent' });
export const PUBLIC_BASE_URL = 'https://apply-irm.example.gov.uk';

/** A fresh secret the way a consumer would be given one. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Submits an application straight through the store (the journey's HTTP path is tested elsewhere). */
export async function submitApplication(store: AppStore, document: ApplicationDocument = sampleDocument()) {
  const draft = await store.drafts.create('irm', '1');
  const { application } = await store.applications.submit({
    draftId: draft.id,
    journeyId: 'irm',
    journeyVersion: '1',
    route: document.route,
    late: document.timeLimit.late,
    data: document,
    newReference: () => `IRM-${randomUUID().slice(0, 8).toUpperCase()}`,
  });
  return application;
}

export interface HandoffDatabase {
  /** The first store; submissions write their outbox event through its onSubmitted hook. */
  store(): AppStore;
  /**
   * Another store on the same database, as a second process would have: on
   * PostgreSQL a separate connection pool; on PGlite (one process only) the same store.
   */
  another(): Promise<AppStore>;
  outbox(): Outbox;
  /** The PostgreSQL URL of this database, for another process to open it. */
  databaseUrl(): Promise<string>;
  /** Called after each submission's event is written (as the service wakes its worker). */
  onEnqueued: (() => void) | undefined;
}

/**
 * A migrated database for the enclosing describe, with the outbox hook on the
 * given clock. Like test/store/engines.ts's useStore, plus more stores on the same data.
 */
export function useHandoffDatabase(engine: TestEngine, clock: TestClock): HandoffDatabase {
  let prepared: PreparedDatabase | undefined;
  let first: AppStore | undefined;
  const others: AppStore[] = [];
  beforeAll(async () => {
    prepared = await engine.prepare();
    first = await openStore({
      ...prepared.options,
      session: { pruneIntervalMs: 0 },
      onSubmitted: outboxOnSubmitted({ now: clock.now, onEnqueued: () => database.onEnqueued?.() }),
    });
  });
  afterAll(async () => {
    for (const store of others) await store.close();
    await first?.close();
    await prepared?.cleanup();
  });
  const store = (): AppStore => {
    if (!first) throw new Error('The store opens in beforeAll');
    return first;
  };
  const database: HandoffDatabase = {
    onEnqueued: undefined,
    store,
    async another() {
      if (engine.name === 'pglite' || !prepared) return store();
      const extra = await openStore({ ...prepared.options, session: { pruneIntervalMs: 0 } });
      others.push(extra);
      return extra;
    },
    outbox: () => createOutbox(store().db),
    async databaseUrl() {
      const url = prepared?.options.databaseUrl;
      if (!url) throw new Error(`${engine.name} has no URL another process could use`);
      return url;
    },
  };
  return database;
}

export interface WorkerSetup {
  store: AppStore;
  url: string;
  secrets: string[];
  clock: TestClock;
  alerts?: OperatorAlert[];
  evidence?: EvidenceCatalogue;
  options?: Partial<DeliveryWorkerOptions>;
}

/** A worker on the test clock, with no jitter (random 0.5 is the middle of the spread). */
export function makeWorker(setup: WorkerSetup): DeliveryWorker {
  return new DeliveryWorker({
    outbox: createOutbox(setup.store.db),
    payloads: createEventPayloads({ applications: setup.store.applications, evidence: setup.evidence ?? noEvidence, publicBaseUrl: PUBLIC_BASE_URL }),
    endpoint: { url: setup.url, secrets: setup.secrets },
    logger: SILENT,
    now: setup.clock.now,
    random: () => 0.5,
    alert: (alert) => setup.alerts?.push(alert),
    ...setup.options,
  });
}

/** Truncates the outbox between tests so each starts from nothing pending. */
export async function clearOutbox(store: AppStore): Promise<void> {
  await store.db.exec('DELETE FROM outbox_attempts; DELETE FROM outbox_events; DELETE FROM webhook_endpoints;');
}

/**
 * A receiver on 127.0.0.1 for a describe block: started once, emptied with the
 * outbox before each test, and every event it was sent checked against the
 * published schema after each test.
 */
export function useReceiver(db: HandoffDatabase, clock: TestClock): Receiver {
  const receiver = new Receiver();
  beforeAll(async () => {
    await receiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
  });
  afterEach(() => {
    for (const delivery of receiver.received) expectValidEvent(delivery.body);
  });
  beforeEach(async () => {
    await clearOutbox(db.store());
    receiver.received.length = 0;
    receiver.maxInFlightPerId = 0;
    clock.set(new Date());
  });
  return receiver;
}
