import cookieParser from 'cookie-parser';
import express, { type Express, type Request, type RequestHandler, type Router } from 'express';
import session from 'express-session';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { ASSET_PATH, ASSET_VERSION, staticAssets } from './web/assets.ts';
import { csrfProtection, issueCsrfToken, tokenFromRequest, type CsrfOptions } from './web/csrf.ts';
import { errorHandler, notFound } from './web/errors.ts';
import { formBody } from './web/form-body.ts';
import { i18nMiddleware } from './web/i18n.ts';
import { preSessionToken } from './web/pre-session-token.ts';
import { addLayoutParts } from './web/layout-parts.ts';
import { createLogger, requestLogger } from './web/logging.ts';
import { APPLY_PATH, PAGE_PATHS, pageRoutes } from './web/pages.ts';
import { privatePages, securityHeaders } from './web/security.ts';
import { sessionMiddleware } from './web/session.ts';
import { sessionTimeout } from './web/session-timeout.ts';
import { configureViews } from './web/views.ts';

export interface AppDeps {
  config: Config;
  /** The database-backed session store; express-session's MemoryStore outside production if left out. */
  sessionStore?: session.Store;
  /** Mounted after the service's own pages, in order (the journeys). They set their own noStore. */
  routers?: Router[];
  /**
   * Pages reached from an emailed link (the agency's start page): mounted with
   * the service's own pages, before the session's CSRF token is issued, so
   * that opening a link never starts a session. Their forms are named in
   * `csrf.linkForms`.
   */
  linkRouters?: Router[];
  /** Where those pages are, e.g. '/respond/': the request log hides whatever follows (the link's token, or most of one). */
  linkPaths?: readonly string[];
  logger?: Logger;
  /** Lets an upload route check the CSRF token after parsing its multipart body. */
  csrf?: CsrfOptions;
  /**
   * Mounted before the session and CSRF middleware: machine-facing routes
   * (the bearer-authenticated consumer API, the published event schema) that
   * must never start a session or want a form token.
   */
  apiRouters?: Router[];
  /**
   * The health checks (/health/live, /health/ready): mounted before request
   * logging (probes come every few seconds), sessions and CSRF.
   */
  health?: Router;
  /**
   * Limits forms sent without a session (the first answer, or a script
   * posting without ever keeping a cookie): each one may start a session and
   * a draft. Runs before the CSRF check, so refused forms count too.
   */
  anonymousPostLimit?: RequestHandler;
  /**
   * Form bodies: the most bytes one may take (default 100 KB; the service sets
   * it from its journeys, form-body-limit.ts), and the pages that show a form
   * over it as an error on the page rather than the problem page.
   */
  forms?: { limit: number; keepsTooLarge?: (req: Request) => boolean };
  /** The clock for the session's absolute limit; tests pass a fake one. */
  now?: () => Date;
  /** How far the session store lets the stored expiry lag behind the cookie's (SessionStore's touchAfterMs). */
  sessionExpirySlackMs?: number;
}

export function createApp(deps: AppDeps): Express {
  const { config } = deps;
  const logger = deps.logger ?? createLogger(config);
  if (!deps.sessionStore && config.isProduction) {
    throw new Error('createApp needs a sessionStore in production: the in-memory store loses sessions and leaks memory');
  }

  const sessionStore = deps.sessionStore ?? new session.MemoryStore();
  const timeout = sessionTimeout({ config, store: sessionStore, now: deps.now, expirySlackMs: deps.sessionExpirySlackMs, applyPath: APPLY_PATH });

  const app = express();
  app.disable('x-powered-by');
  // Behind a TLS-terminating proxy this is what makes req.secure true, so the
  // Secure session cookie is set at all.
  app.set('trust proxy', config.trustProxy);
  // Templates are compiled once: re-reading them on every render made pages ~30x slower.
  // `npm run dev` restarts the service when a template or translation changes instead.
  const views = configureViews(app, { isProduction: config.isProduction, reloadTemplates: false });
  Object.assign(app.locals, { assetPath: ASSET_PATH, assetVersion: ASSET_VERSION, contact: config.contact, paths: PAGE_PATHS });
  // The header, footer and other parts of the page frame that only change with the language: rendered once each.
  addLayoutParts(views, app.locals);

  // Headers first so that every response, static files and errors included, has them.
  app.use(securityHeaders({ isProduction: config.isProduction }));
  app.use(staticAssets());
  if (deps.health) app.use(deps.health);

  app.use(requestLogger(logger, { linkPaths: deps.linkPaths }));
  app.use(privatePages);
  for (const router of deps.apiRouters ?? []) app.use(router);
  // The language and the form token of someone without a session live in cookies of their own;
  // with the secrets, /session/status reads the signed session cookie from the same parse.
  app.use(cookieParser(config.sessionSecrets));
  app.use(timeout.beforeSession);
  app.use(formBody({ limit: deps.forms?.limit ?? 100 * 1024, parameterLimit: 500, keepsTooLarge: deps.forms?.keepsTooLarge }));
  app.use(sessionMiddleware(config, sessionStore));
  app.use(timeout.enforceAbsoluteLimit);
  app.use(i18nMiddleware(config));
  if (deps.anonymousPostLimit) app.use(deps.anonymousPostLimit);
  // Forms shown before there is a session carry a token that needs none (showing a form stores nothing).
  const preSession = preSessionToken(config, tokenFromRequest);
  app.use(csrfProtection({ ...deps.csrf, preSession }));

  // The service's own pages have no forms: they come before issueCsrfToken so
  // that reading them never starts a session.
  app.use(pageRoutes(config));
  for (const router of deps.linkRouters ?? []) app.use(router);
  app.use(timeout.routes);
  app.use(issueCsrfToken(preSession));
  app.use(timeout.locals);
  for (const router of deps.routers ?? []) app.use(router);

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
