import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request the receiver got, as the consumer would see it: raw body and headers. */
export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export type Reply =
  | { status: number; headers?: Record<string, string>; body?: string }
  /** Never answer (until released or the receiver closes). */
  | { hang: true };

export type Responder = (request: Received, index: number) => Reply | Promise<Reply>;

/**
 * The caseworker system's webhook endpoint, for real, on 127.0.0.1. It can be
 * taken down (connections refused) and brought back on the same port.
 */
export class Receiver {
  readonly received: Received[] = [];
  respond: Responder = () => ({ status: 204 });
  #server: Server | undefined;
  #port = 0;
  readonly #sockets = new Set<Socket>();
  readonly #hanging = new Set<ServerResponse>();
  readonly #waiters: Array<{ count: number; resolve: () => void }> = [];
  /** Requests being handled right now, by webhook-id, to catch overlapping deliveries. */
  readonly inFlight = new Map<string, number>();
  maxInFlightPerId = 0;

  get running(): boolean {
    return this.#server !== undefined;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}/webhooks/irm`;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.#handle(req, res));
    server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    server.listen(this.#port, '127.0.0.1');
    await once(server, 'listening');
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
    return this;
  }

  /** Down: the port refuses connections until start() again. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    for (const res of this.#hanging) res.destroy();
    this.#hanging.clear();
    const closed = once(server, 'close');
    server.close();
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }

  /** Answers every hanging request now. */
  release(reply: { status: number; body?: string } = { status: 200 }): void {
    for (const res of this.#hanging) res.writeHead(reply.status).end(reply.body ?? '');
    this.#hanging.clear();
  }

  /** Resolves once `count` requests have arrived in all. */
  waitFor(count: number): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }

  ids(): string[] {
    return this.received.map((r) => r.headers['webhook-id'] ?? '');
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
    const request: Received = { path: req.url ?? '', headers, body: Buffer.concat(chunks).toString('utf8') };
    const index = this.received.length;
    this.received.push(request);
    const id = headers['webhook-id'] ?? '';
    const overlapping = (this.inFlight.get(id) ?? 0) + 1;
    this.inFlight.set(id, overlapping);
    this.maxInFlightPerId = Math.max(this.maxInFlightPerId, overlapping);
    res.on('close', () => this.inFlight.set(id, (this.inFlight.get(id) ?? 1) - 1));
    for (const waiter of this.#waiters.filter((w) => this.received.length >= w.count)) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    const reply = await this.respond(request, index);
    if ('hang' in reply) {
      this.#hanging.add(res);
      return;
    }
    res.writeHead(reply.status, reply.headers ?? {}).end(reply.body ?? '');
  }
}
