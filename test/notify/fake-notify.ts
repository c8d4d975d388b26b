import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the GOV.UK Notify API on 127.0.0.1, checking each request the
 * way Notify does: `POST /v2/notifications/email`, a bearer JWT signed HS256
 * with the API key's secret whose `iss` is the service id and whose `iat` is
 * within 30 seconds, and a JSON body with `template_id`, `email_address`,
 * `personalisation` and `reference`. Answers 201 unless told otherwise.
 */

export interface NotifyRequest {
  templateId: string;
  emailAddress: string;
  personalisation: Record<string, string>;
  reference: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  /** Never answer (the client's timeout must end the attempt). */
  hang?: boolean;
}

export class FakeNotify {
  /** Every request that passed the checks. */
  readonly received: NotifyRequest[] = [];
  /** Requests refused by the checks, and why. */
  readonly rejected: string[] = [];
  /** Replies to give, in order; then 201. */
  readonly replies: Reply[] = [];
  #server: Server | undefined;
  #url = '';

  constructor(
    readonly serviceId: string,
    readonly secret: string,
  ) {}

  get url(): string {
    return this.#url;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      void this.#handle(req).then((reply) => {
        if (reply.hang) return;
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply.body ?? {}));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.#server = server;
    this.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  async #handle(req: IncomingMessage): Promise<Reply> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const problem = this.#check(req, Buffer.concat(chunks).toString('utf8'));
    if (problem) {
      this.rejected.push(problem);
      return { status: 403, body: { status_code: 403, errors: [{ error: 'AuthError', message: problem }] } };
    }
    const reply = this.replies.shift();
    if (reply) return reply;
    const last = this.received.at(-1);
    return { status: 201, body: { id: `notify-${this.received.length}`, reference: last?.reference, content: {}, uri: '', template: {} } };
  }

  #check(req: IncomingMessage, text: string): string | undefined {
    if (req.method !== 'POST' || req.url !== '/v2/notifications/email') return `unexpected ${req.method ?? ''} ${req.url ?? ''}`;
    if (!req.headers['content-type']?.startsWith('application/json')) return 'not JSON';
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!auth?.[1]) return 'no bearer token';
    const tokenProblem = this.#checkToken(auth[1]);
    if (tokenProblem) return tokenProblem;
    const body = JSON.parse(text) as Record<string, unknown>;
    const { template_id: templateId, email_address: emailAddress, personalisation, reference } = body;
    if (typeof templateId !== 'string' || typeof emailAddress !== 'string' || typeof reference !== 'string')
      return 'missing template_id, email_address or reference';
    if (typeof personalisation !== 'object' || personalisation === null) return 'missing personalisation';
    this.received.push({ templateId, emailAddress, personalisation: personalisation as Record<string, string>, reference });
    return undefined;
  }

  #checkToken(token: string): string | undefined {
    const [header, payload, signature] = token.split('.');
    if (!header || !payload || !signature) return 'not a JWT';
    const expected = createHmac('sha256', this.secret).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad signature';
    const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: string; typ?: string };
    if (head.alg !== 'HS256' || head.typ !== 'JWT') return `bad header ${JSON.stringify(head)}`;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: string; iat?: number };
    if (claims.iss !== this.serviceId) return `iss is ${String(claims.iss)}, not the service id`;
    if (typeof claims.iat !== 'number' || Math.abs(claims.iat - Date.now() / 1000) > 30) return 'iat out of range';
    return undefined;
  }
}
