import express, { type Request, type RequestHandler } from 'express';

/**
 * Reads form bodies (application/x-www-form-urlencoded) into req.body, up to
 * `limit` bytes.
 *
 * A body over the limit is refused (413). On the pages named by `keepsTooLarge`
 * (the journeys' question pages) it is not just refused: the part that came
 * within the limit is parsed, so that the page can be shown again with what
 * was typed and an error saying what is too long (GOV.UK's pattern), and the
 * form's CSRF token, sent first, is still checked. req.body then holds every
 * field read whole and the field the limit cut through, as far as it came;
 * `req.formTooLarge` is set, and the page must save nothing of it.
 */
export interface FormBodyOptions {
  readonly limit: number;
  readonly parameterLimit: number;
  /** Requests whose route shows a form too large to read as an error on the page (see Request.formTooLarge). */
  readonly keepsTooLarge?: (req: Request) => boolean;
}

const isTooLarge = (error: unknown): boolean => error !== null && typeof error === 'object' && 'type' in error && error.type === 'entity.too.large';

/** A field value cut by the limit: drop a %-escape cut short, and the replacement character a UTF-8 sequence cut short decodes to. */
const CUT_ESCAPE = /%[0-9A-Fa-f]?$/;
const CUT_CHARACTER = /\uFFFD+$/;

/**
 * The fields of the first bytes of a form body: every field that came whole,
 * and the one the cut went through, as far as it came. A field sent more than
 * once gives its values in order, as the body parser gives them.
 */
export function fieldsOfFormStart(start: Buffer): Record<string, string | string[]> {
  const text = start.toString('utf8');
  const cutAt = text.lastIndexOf('&');
  const whole = new URLSearchParams(cutAt === -1 ? '' : text.slice(0, cutAt));
  const cut = text.slice(cutAt + 1).replace(CUT_ESCAPE, '');
  const pairs = [...whole.entries()];
  if (cut.includes('=')) {
    const [[name, value] = ['', '']] = new URLSearchParams(cut).entries();
    pairs.push([name, value.replace(CUT_CHARACTER, '')]);
  }
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of pairs) {
    const earlier = fields[name];
    fields[name] = earlier === undefined ? value : [...(Array.isArray(earlier) ? earlier : [earlier]), value];
  }
  return fields;
}

/** The first `limit` bytes of the request as they stream past, read alongside the body parser. */
function captureStart(req: Request, limit: number): () => Buffer {
  const chunks: Buffer[] = [];
  let kept = 0;
  req.on('data', (chunk: Buffer) => {
    if (kept >= limit) return;
    const piece = chunk.subarray(0, limit - kept);
    chunks.push(piece);
    kept += piece.length;
  });
  return () => Buffer.concat(chunks);
}

const isPlainForm = (req: Request): boolean =>
  typeof req.is('application/x-www-form-urlencoded') === 'string' && (req.headers['content-encoding'] ?? 'identity').toLowerCase() === 'identity';

export function formBody({ limit, parameterLimit, keepsTooLarge }: FormBodyOptions): RequestHandler {
  const parse: RequestHandler = express.urlencoded({ extended: false, limit, parameterLimit });
  return (req, res, next) => {
    // Only where it will be used: the bytes are otherwise the parser's alone.
    const start = isPlainForm(req) && keepsTooLarge?.(req) ? captureStart(req, limit) : undefined;
    parse(req, res, (error?: unknown) => {
      // The parser has read the rest of the body off by now, so the page can be sent.
      if (start && isTooLarge(error)) {
        req.body = fieldsOfFormStart(start());
        req.formTooLarge = true;
        next();
        return;
      }
      next(error);
    });
  };
}
