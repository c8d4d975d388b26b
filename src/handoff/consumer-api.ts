import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { AgencyNotification } from '../store/agency-notifications.ts';
import type { Application, ApplicationRepository } from '../store/applications.ts';
import { clientAddressKey, sharedRateLimitStore, type HitCounter } from '../web/rate-limits.ts';
import { agencyRecordsFor, type AgencyHandoff } from './agency-records.ts';
import { apiKeyChecker, hashApiKey } from './api-keys.ts';
import type { EvidenceCatalogue, EvidenceDownload } from './evidence-catalogue.ts';
import { buildSubmittedAgencyResponse } from './submitted-agency-response.ts';
import { buildSubmittedApplication } from './submitted-application.ts';

/** The consumer API's part in the agency's: sending notifications, and reading what agencies sent back. */
export interface ConsumerApiAgency extends AgencyHandoff {
  /**
   * Tells the agency about the application at an address a caseworker has
   * checked (source 'caseworker'), in a transaction of its own: the
   * notification, its link and the email.
   */
  notify(application: Application, recipient: { email: string; name?: string | undefined }): Promise<AgencyNotification>;
}

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
  /** The agency's part; without it there are no agency routes, and applications say nothing about agencies. */
  agency?: ConsumerApiAgency;
}

const noControlCharacters = (value: string): boolean => !/\p{Cc}/u.test(value);

/** POST …/agency-notifications: where to send it, and optionally to whom. Nothing else. */
const notificationRequestSchema = z.strictObject({
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email({ error: 'must be an email address' })),
  name: z.string().trim().min(1).max(200).refine(noControlCharacters, 'must be plain text').optional(),
});

export const API_PREFIX = '/api/v1';

/**
 * The caseworker system's API: the submitted application (the same document
 * the webhook carried) and its evidence files; telling the agency about an
 * application; the agency's responses and their files. Bearer API keys, no
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
    const agency = deps.agency ? await agencyRecordsFor(deps.agency, application.id) : undefined;
    res.json(buildSubmittedApplication(application, evidence, deps.publicBaseUrl, agency));
  });

  router.get(`${API_PREFIX}/applications/:id/evidence/:fileId`, async (req, res) => {
    const application = await deps.applications.getById(req.params.id);
    const file = application ? await deps.evidence.open(application.id, req.params.fileId) : undefined;
    if (!file) {
      problem(res, 404, 'not found');
      return;
    }
    await sendFile(res, file);
  });

  const { agency } = deps;
  if (agency) {
    // Small bodies only; parsed here, after the key is checked, and nowhere else in the API.
    const json = express.json({ limit: '10kb', strict: true });
    router.post(`${API_PREFIX}/applications/:id/agency-notifications`, json, async (req, res) => {
      const application = await deps.applications.getById(req.params.id);
      if (!application) {
        problem(res, 404, 'not found');
        return;
      }
      if (!req.is('application/json')) {
        problem(res, 400, 'the body must be JSON (Content-Type: application/json)');
        return;
      }
      const parsed = notificationRequestSchema.safeParse(req.body);
      if (!parsed.success) {
        res
          .status(400)
          .json({ error: 'invalid request', problems: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) });
        return;
      }
      const notification = await agency.notify(application, parsed.data);
      res.status(202).json({
        id: notification.id,
        email: notification.emailAddress,
        source: notification.source,
        sentAt: notification.sentAt.toISOString(),
        dueDate: notification.dueDate,
      });
    });

    /** The response, only under the application it answers. */
    const responseOf = async (applicationId: string, responseId: string) => {
      const response = await agency.responses.get(responseId);
      return response?.applicationId === applicationId ? response : undefined;
    };

    router.get(`${API_PREFIX}/applications/:id/agency-responses/:responseId`, async (req, res) => {
      const response = await responseOf(req.params.id, req.params.responseId);
      if (!response) {
        problem(res, 404, 'not found');
        return;
      }
      const evidence = await agency.evidence.listForResponse(response);
      res.json(buildSubmittedAgencyResponse(response, evidence, deps.publicBaseUrl));
    });

    router.get(`${API_PREFIX}/applications/:id/agency-responses/:responseId/evidence/:fileId`, async (req, res) => {
      const response = await responseOf(req.params.id, req.params.responseId);
      const file = response ? await agency.evidence.open(response, req.params.fileId) : undefined;
      if (!file) {
        problem(res, 404, 'not found');
        return;
      }
      await sendFile(res, file);
    });
  }

  router.use(API_PREFIX, (_req, res) => problem(res, 404, 'not found'));

  const jsonErrors: ErrorRequestHandler = (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    // The body parser's refusals (not JSON, too big) are the caller's to fix: say so, without detail.
    const status = typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' ? err.status : 500;
    if (status >= 400 && status < 500) {
      problem(res, status, status === 413 ? 'the body is too large' : 'the body is not valid JSON');
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

/** Always a download, never rendered: the bytes came from a member of the public (or an agency). */
async function sendFile(res: Response, file: EvidenceDownload): Promise<void> {
  res.attachment(file.name);
  res.set({ 'Content-Type': file.type, 'Content-Length': String(file.size), 'X-Content-Type-Options': 'nosniff' });
  if (file.bytes instanceof Uint8Array) res.end(file.bytes);
  else await pipeline(Readable.from(file.bytes), res);
  // Only once it has all gone out: a download cut short is not a download.
  await file.downloaded?.();
}

function problem(res: Response, status: number, error: string): void {
  res.status(status).json({ error });
}
