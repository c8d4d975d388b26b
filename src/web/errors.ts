import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { hasSessionCsrfToken, isCsrfError, withdrawUnusedCsrfToken } from './csrf.ts';
import { localise, requestedLanguage, type Translate } from './i18n.ts';
import { expiredUrl, languageOfForm } from './session-timeout.ts';

/**
 * The 404 and error pages. Whatever went wrong, the person sees a GOV.UK-style
 * page with no stack, message or internal detail; the detail goes to the log.
 */

export const notFound: RequestHandler = (req, res) => {
  withdrawUnusedCsrfToken(req, res);
  res.status(404).render('errors/not-found');
};

const statusOf = (error: unknown): number => {
  if (error === null || typeof error !== 'object') return 500;
  const status = 'status' in error ? error.status : 'statusCode' in error ? error.statusCode : undefined;
  return typeof status === 'number' && status >= 400 && status <= 599 ? status : 500;
};

/**
 * Where "Go back and try again" leads: the page the form was on, which shows
 * the form again with a fresh token. Only a path on this site ('//host' and
 * '/\\host' would leave it).
 */
const retryPath = (req: Request): string => {
  const url = req.originalUrl;
  return url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\') ? url : '/';
};

// A last resort when the error page itself cannot be rendered.
const PLAIN_ERROR_PAGE =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sorry, there is a problem with the service – GOV.UK</title></head>' +
  '<body><h1>Sorry, there is a problem with the service</h1><p>Try again later.</p></body></html>';

const render = (res: Response, view: string, log: Logger): void => {
  res.render(view, (renderError: Error | null, html?: string) => {
    if (renderError) {
      log.error({ err: renderError }, 'could not render the error page');
      res.type('html').send(PLAIN_ERROR_PAGE);
      return;
    }
    res.type('html').send(html);
  });
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req: Request, res: Response, next) => {
    // An error can come before pino-http, the session or the language were set up (health checks have none of them).
    const log = (req.log as Logger | undefined) ?? logger;
    if (res.headersSent) {
      // Too late for a page: let express close the connection.
      log.error({ err: error }, 'error after the response had started');
      next(error);
      return;
    }
    // The failure may have come before the language was chosen.
    if (!(res.locals.t as Translate | undefined)) localise(req, res, requestedLanguage(req));
    res.set('Cache-Control', 'no-store');

    if (isCsrfError(error) && req.method === 'POST' && !hasSessionCsrfToken(req)) {
      // A form sent with no token in the session: the session has ended (or the
      // browser keeps no cookies). Say so, in the form's language.
      log.info('form sent after the session ended');
      res.redirect(303, expiredUrl(languageOfForm(req)));
      return;
    }
    if (isCsrfError(error)) {
      log.warn({ err: error }, 'CSRF token missing or invalid');
      res.status(403);
      res.locals.retryPath = retryPath(req);
      render(res, 'errors/csrf', log);
      return;
    }

    const status = statusOf(error);
    if (status === 404) {
      res.status(404);
      render(res, 'errors/not-found', log);
      return;
    }
    if (status < 500) log.warn({ err: error }, 'request rejected');
    else log.error({ err: error }, 'unhandled error');
    res.status(status);
    render(res, 'errors/problem', log);
  };
}
