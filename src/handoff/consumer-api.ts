import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';
import type { ApplicationRepository } from '../store/applications.ts';
import { clientAddressKey, sharedRateLimitStore, type HitCounter } from '../web/rate-limits.ts';
import { apiKeyChecker, hashApiKey } from './api-keys.ts';
import type { EvidenceCatalogue } from './evidence-catalogue.ts';
import { buildSubmittedApplication } from './submitted-application.ts';

export interface ConsumerApiDeps {
  applications: Pick<ApplicationRepository, 'getById'>;
  evidence: EvidenceCatalogue;
  /** SHA-256 hex of each accepted API key. None: every request is refused. */
  apiKeyHashes: readonly string[];
  publicBaseUrl: string;
  /** Requests one API key may make in a minute. */
  rateLimitPerMinute: number;
  /** Requests with a missing or wrong key one client (IP address) may make in a minute. */
  authFailuresPerMinute: number;
  /** Shared counts (the database), so the limits hold across instances; by default, per process. */
  hits?: HitCounter;
  logger?: Logger;
}

export const API_PREFIX = '/api/v1';

/**
 * The caseworker system's read API: the submitted application (the same
 * document the webhook carried) and its evidence files. Bearer API keys, no
 * cookies, no sessions, JSON errors without detail.
 */
export function createConsumerApi(deps: ConsumerApiDeps): Router {
  const router = express.Router();
  const isKnownKey = apiKeyChecker(deps.apiKeyHashes);

  // Two budgets, so that nobody can use up the caseworker system's: requests
  // with a good key count against that key, wherever they come from; requests
  // with a missing or wrong key count against their address. The counts are
  // shared between instances when `hits` is given.
  const limiter = (name: string, limit: number, key: (req: Request) => string) =>
    rateLimit({
      windowMs: 60_000,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: key,
      ...(deps.hits ? { store: sharedRateLimitStore(deps.hits, `api-${name}:`) } : {}),
      handler: (_req, res) => problem(res, 429, 'too many requests'),
    });
  // The hash of each request's good key: what its budget is counted under, never the key itself.
  const keyHashes = new WeakMap<Request, string>();
  const perKey = limiter('key', deps.rateLimitPerMinute, (req) => keyHashes.get(req) ?? '');
  const perFailingAddress = limiter('auth-failure', deps.authFailuresPerMinute, clientAddressKey);

  const authenticate: RequestHandler = (req, res, next) => {
    const key = bearerKey(req);
    if (key !== undefined && isKnownKey(key)) {
      keyHashes.set(req, hashApiKey(key));
      void perKey(req, res, next);
      return;
    }
    // Counted first: past the budget the answer is 429, before that 401.
    void perFailingAddress(req, res, () => {
      res.set('WWW-Authenticate', 'Bearer');
      problem(res, 401, 'unauthorized');
    });
  };

  const noStore: RequestHandler = (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  };

  router.use(API_PREFIX, noStore, authenticate);

  router.get(`${API_PREFIX}/applications/:id`, async (req, res) => {
    const application = await deps.applications.getById(req.params.id);
    if (!application) {
      problem(res, 404, 'not found');
      return;
    }
    const evidence = await deps.evidence.listForApplication(application.id);
    res.json(buildSubmittedApplication(application, evidence, deps.publicBaseUrl));
  });

  router.get(`${API_PREFIX}/applications/:id/evidence/:fileId`, async (req, res) => {
    const application = await deps.applications.getById(req.params.id);
    const file = application ? await deps.evidence.open(application.id, req.params.fileId) : undefined;
    if (!file) {
      problem(res, 404, 'not found');
      return;
    }
    // Always a download, never rendered: the bytes came from a member of the public.
    res.attachment(file.name);
    res.set({ 'Content-Type': file.type, 'Content-Length': String(file.size), 'X-Content-Type-Options': 'nosniff' });
    if (file.bytes instanceof Uint8Array) {
      res.end(file.bytes);
      return;
    }
    await pipeline(Readable.from(file.bytes), res);
  });

  router.use(API_PREFIX, (_req, res) => problem(res, 404, 'not found'));

  const jsonErrors: ErrorRequestHandler = (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    // The router may be mounted without pino-http in front of it (tests); its type says otherwise.
    const log = (req.log as Logger | undefined) ?? deps.logger;
    log?.error({ err }, 'consumer API error');
    problem(res, 500, 'internal error');
  };
  router.use(API_PREFIX, jsonErrors);
  return router;
}

function bearerKey(req: Request): string | undefined {
  return /^Bearer ([\x21-\x7e]{1,200})$/.exec(req.get('authorization') ?? '')?.[1];
}

function problem(res: Response, status: number, error: string): void {
  res.status(status).json({ error });
}
