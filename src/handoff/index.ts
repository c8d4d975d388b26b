import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { OnAgencyResponseSubmitted } from '../store/agency-responses.ts';
import type { ApplicationRepository, OnSubmitted } from '../store/applications.ts';
import type { AppStore } from '../store/index.ts';
import type { AgencyHandoff } from './agency-records.ts';
import { AGENCY_RESPONSE_SUBMITTED } from './agency-response-event-schema.ts';
import { createConsumerApi, type ConsumerApiAgency } from './consumer-api.ts';
import { DeliveryWorker, type DeliveryWorkerOptions } from './delivery-worker.ts';
import { createEventPayloads } from './event-payloads.ts';
import { APPLICATION_SUBMITTED } from './event-schema.ts';
import { noEvidence, type EvidenceCatalogue } from './evidence-catalogue.ts';
import { createOutbox, enqueueEvent, notifyWorkers } from '../store/outbox.ts';
import { listenForOutbox } from '../store/outbox-listener.ts';
import { schemaRoutes } from './schema-route.ts';
import type { HitCounter } from '../web/rate-limits.ts';

/**
 * The hand-off to the caseworker system, wired from configuration: the
 * outbox write in the submission transaction, the delivery worker, and the
 * consumer API with the published event schema.
 */

export interface OutboxHookOptions {
  now?: () => Date;
  /** Called once the event is written (before commit): wake an in-process worker. */
  onEnqueued?: () => void;
}

/** The store's `onSubmitted` hook: the `application.submitted` event, in the submission's own transaction. */
export function outboxOnSubmitted(options: OutboxHookOptions = {}): OnSubmitted {
  const now = options.now ?? (() => new Date());
  return async (tx, application) => {
    await enqueueEvent(tx, { type: APPLICATION_SUBMITTED, applicationId: application.id, now: now() });
    await notifyWorkers(tx);
    options.onEnqueued?.();
  };
}

/** The store's `onAgencyResponseSubmitted` hook: the `agency_response.submitted` event, in the response's own transaction. */
export function outboxOnAgencyResponse(options: OutboxHookOptions = {}): OnAgencyResponseSubmitted {
  const now = options.now ?? (() => new Date());
  return async (tx, response) => {
    await enqueueEvent(tx, { type: AGENCY_RESPONSE_SUBMITTED, applicationId: response.applicationId, agencyResponseId: response.id, now: now() });
    await notifyWorkers(tx);
    options.onEnqueued?.();
  };
}

export interface HandoffRouterDeps {
  config: Pick<Config, 'publicBaseUrl' | 'handoff'>;
  /** `rateLimitHits`: the shared counts (the database); without it, each process counts its own. */
  store: { applications: Pick<ApplicationRepository, 'getById'>; rateLimitHits?: HitCounter };
  evidence?: EvidenceCatalogue;
  logger?: Logger;
  /** The agency's part of the API (notifications, responses); without it, none. */
  agency?: ConsumerApiAgency;
}

/** Mounted before sessions and CSRF: the bearer-authenticated consumer API and the public schema. */
export function handoffRouters(deps: HandoffRouterDeps): Router[] {
  return [
    schemaRoutes(),
    createConsumerApi({
      applications: deps.store.applications,
      evidence: deps.evidence ?? noEvidence,
      apiKeyHashes: deps.config.handoff.apiKeyHashes,
      publicBaseUrl: deps.config.publicBaseUrl,
      rateLimitPerMinute: deps.config.handoff.apiRateLimitPerMinute,
      authFailuresPerMinute: deps.config.handoff.apiAuthFailuresPerMinute,
      hits: deps.store.rateLimitHits,
      logger: deps.logger,
      agency: deps.agency,
    }),
  ];
}

export interface RunningDelivery {
  worker: DeliveryWorker;
  stop(options?: { graceMs?: number }): Promise<void>;
}

export interface StartDeliveryDeps {
  config: Pick<Config, 'publicBaseUrl' | 'handoff' | 'databaseUrl'>;
  store: Pick<AppStore, 'db' | 'applications'>;
  logger: Logger;
  evidence?: EvidenceCatalogue;
  /** The agency's part: events say what agencies were sent, and agency responses can be delivered. */
  agency?: AgencyHandoff;
  /** Test hooks: clock, sleep, name and so on. */
  overrides?: Partial<Omit<DeliveryWorkerOptions, 'outbox' | 'payloads' | 'endpoint' | 'logger'>>;
}

/**
 * Starts a delivery worker for the configured endpoint; undefined (with a
 * warning) when there is none, in which case events wait in the outbox.
 */
export function startDelivery(deps: StartDeliveryDeps): RunningDelivery | undefined {
  const { config, store, logger } = deps;
  const webhook = config.handoff.webhook;
  if (!webhook) {
    logger.warn('WEBHOOK_URL is not set: submitted applications wait in the outbox until it is');
    return undefined;
  }
  const worker = new DeliveryWorker({
    outbox: createOutbox(store.db),
    payloads: createEventPayloads({
      applications: store.applications,
      evidence: deps.evidence ?? noEvidence,
      publicBaseUrl: config.publicBaseUrl,
      agency: deps.agency,
    }),
    endpoint: webhook,
    logger,
    concurrency: config.handoff.concurrency,
    timeoutMs: config.handoff.timeoutMs,
    pollIntervalMs: config.handoff.pollIntervalMs,
    ...deps.overrides,
  });
  // PGlite lives in this process: the in-process nudge after each submission is enough.
  const listener = config.databaseUrl ? listenForOutbox(config.databaseUrl, () => worker.wake(), logger) : undefined;
  worker.start();
  logger.info({ endpoint: webhook.url, worker: worker.name }, 'delivering webhooks');
  return {
    worker,
    async stop(options) {
      await listener?.close();
      await worker.stop(options);
    },
  };
}

export { agencyResponseEvidence, evidenceCatalogue } from './stored-evidence.ts';
export type { AgencyHandoff } from './agency-records.ts';
export type { ConsumerApiAgency } from './consumer-api.ts';
export { noEvidence, type EvidenceCatalogue, type EvidenceDownload, type EvidenceMeta } from './evidence-catalogue.ts';
export { DeliveryWorker, type OperatorAlert } from './delivery-worker.ts';
export { createOutbox, type Outbox, type OutboxEvent, type DeliveryAttempt } from '../store/outbox.ts';
