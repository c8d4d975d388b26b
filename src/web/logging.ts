import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import pino, { type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Config } from '../config.ts';

/** Anything that could identify a person or let someone act as them never reaches the log. */
const REDACTED_PATHS = ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', '*.token'];

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}

/**
 * Link tokens (src/store/link-tokens.ts: 43 base64url characters) travel in
 * paths: the log shows `[token]` instead. Ids (UUIDs) are left alone. Under
 * a link page's path (`linkPaths`, e.g. '/respond/'), the segment after it is
 * hidden whatever its shape: a token cut short or with a character added is
 * still most of a token.
 */
export const redactTokens = (path: string, linkPaths: readonly string[] = []): string => {
  const linkPath = linkPaths.find((prefix) => path.startsWith(prefix) && path.length > prefix.length);
  const hidden = linkPath ? `${linkPath}[token]${path.slice(linkPath.length).replace(/^[^/]*/, '')}` : path;
  return hidden.replace(/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g, '[token]');
};

interface LoggedRequest {
  id?: unknown;
  method?: string;
  url?: string;
}

/**
 * One line per request. Only the path is logged, with any link token in it
 * redacted: query strings can carry tokens, and headers are left out
 * altogether (cookies, user agent).
 */
export function requestLogger(logger: Logger, options: { linkPaths?: readonly string[] } = {}): RequestHandler {
  const linkPaths = options.linkPaths ?? [];
  return pinoHttp({
    logger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    serializers: {
      req: (req: LoggedRequest) => ({ id: req.id, method: req.method, path: redactTokens(req.url?.split('?')[0] ?? '', linkPaths) }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => {
      if (error || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return 'info';
    },
  });
}
