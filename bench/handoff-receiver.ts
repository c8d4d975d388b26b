import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';

/**
 * The caseworker system's endpoint for `npm run bench:handoff`, in its own
 * process so its work is not counted as the service's: verifies each delivery
 * with the consumer's secret, answers 204 at once, and reports each arrival
 * (by application reference, with a wall-clock time in ms) over IPC.
 */

export type ReceiverMessage = { type: 'ready'; url: string } | { type: 'arrived'; reference: string; at: number } | { type: 'problem'; message: string };

const secret = process.env.BENCH_WEBHOOK_SECRET;
if (!secret || !process.send) {
  console.error('bench/handoff-receiver.ts is started by bench/handoff.ts');
  process.exit(2);
}
const verifier = new Webhook(secret);
const send = (message: ReceiverMessage): void => {
  process.send?.(message);
};

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const at = performance.timeOrigin + performance.now();
    res.writeHead(204).end();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
    try {
      const event = verifier.verify(Buffer.concat(chunks).toString('utf8'), headers) as { data: { reference: string } };
      send({ type: 'arrived', reference: event.data.reference, at });
    } catch (err) {
      send({ type: 'problem', message: `a delivery failed verification: ${String(err)}` });
    }
  });
});
// Like a consumer behind a typical proxy: idle connections are kept a while.
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1');
await once(server, 'listening');
send({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/irm` });
process.on('disconnect', () => process.exit(0));
