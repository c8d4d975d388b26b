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
 * paths: the log shows `[token]` instead. A longer run is redacted too: a
 * link with stray letters typed or pasted after it still holds the whole
 * token. Ids (UUIDs, 36 characters) are left alone.
 */
export const redactTokens = (path: string): string => path.replace(/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43,}(?![A-Za-z0-9_-])/g, '[token]');

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
export function requestLogger(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    serializers: {
      req: (req: LoggedRequest) => ({ id: req.id, method: req.method, path: redactTokens(req.url?.split('?')[0] ?? '') }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => {
      if (error || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return 'info';
    },
  });
}
