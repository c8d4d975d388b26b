import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import pino, { type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Config } from '../config.ts';

/** Anything that could identify a person or let someone act as them never reaches the log. */
const REDACTED_PATHS = ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.password', '*.token'];

/**
 * The values an error can carry besides its message: a database error's query
 * parameters (a whole application, say) and the row in its `detail`, an HTTP
 * client's request and response bodies. None of them is logged.
 */
const ERROR_VALUE_FIELDS = ['params', 'parameters', 'detail', 'where', 'body', 'data', 'config', 'request', 'response'] as const;

type SerializedError = ReturnType<typeof pino.stdSerializers.err>;

/** pino's error serializer without the values (see ERROR_VALUE_FIELDS), causes included. */
export function errorWithoutValues(err: Error): SerializedError {
  const serialized = pino.stdSerializers.err(err);
  const strip = (value: unknown, depth: number): void => {
    if (value === null || typeof value !== 'object' || depth > 5) return;
    const record = value as Record<string, unknown>;
    for (const field of ERROR_VALUE_FIELDS) Reflect.deleteProperty(record, field);
    strip(record.cause, depth + 1);
  };
  strip(serialized, 0);
  return serialized;
}

export function createLogger(config: Pick<Config, 'logLevel'>, destination?: pino.DestinationStream): Logger {
  const options = { level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, serializers: { err: errorWithoutValues } };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Link tokens (src/store/link-tokens.ts: 43 base64url characters) travel in
 * paths: the log shows `[token]` instead, and a longer run too (a link with
 * stray letters pasted after it still holds the whole token). Ids (UUIDs)
 * are left alone. Under
 * a link page's path (`linkPaths`, e.g. '/respond/'), the segment after it is
 * hidden whatever its shape: a token cut short or with a character added is
 * still most of a token.
 */
export const redactTokens = (path: string, linkPaths: readonly string[] = []): string => {
  const linkPath = linkPaths.find((prefix) => path.startsWith(prefix) && path.length > prefix.length);
  const hidden = linkPath ? `${linkPath}[token]${path.slice(linkPath.length).replace(/^[^/]*/, '')}` : path;
  return hidden.replace(/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43,}(?![A-Za-z0-9_-])/g, '[token]');
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
      err: errorWithoutValues,
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
