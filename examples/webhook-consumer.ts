/**
 * A minimal caseworker-system endpoint for the IRM portal's webhooks: what a
 * consumer must do, in one file. Run it with
 *
 *   WEBHOOK_SECRET=whsec_... API_KEY=irm_... PORT=4000 npx tsx examples/webhook-consumer.ts
 *
 * and point the portal at it with WEBHOOK_URL=http://127.0.0.1:4000/webhooks/irm
 * (and the same WEBHOOK_SECRET; API_KEY is a key whose hash is in the
 * portal's API_KEY_HASHES, used to download evidence files).
 *
 * 1. Verify the signature over the RAW body, exactly as received (parse the
 *    JSON only after verifying; re-serialised JSON will not verify). The
 *    standardwebhooks package also refuses timestamps more than 5 minutes
 *    from now, which stops old deliveries being replayed.
 * 2. Deduplicate on `webhook-id`: the portal retries for about three days and
 *    operators can redeliver, always with the same id. Remember ids for at
 *    least that long (a unique constraint in your database is the sturdy way).
 * 3. Answer 2xx quickly, then do the work. Anything else (including a
 *    redirect) is retried; 410 Gone tells the portal to stop calling.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/** Longer than the portal's retry window (about 3 days 3 hours), with room for a manual redelivery. */
export const DEDUPE_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
const MAX_BODY_BYTES = 1024 * 1024;

export interface EvidenceFile {
  id: string;
  name: string;
  type: string;
  size: number;
  sha256: string;
  scanResult: string;
  url: string;
}

export interface ApplicationSubmitted {
  type: 'application.submitted';
  timestamp: string;
  data: { applicationId: string; reference: string; evidence: EvidenceFile[] } & Record<string, unknown>;
}

/** The agency's response to an application (schemas/agency-response-submitted.v1.json): `applicationId` names the application. */
export interface AgencyResponseSubmitted {
  type: 'agency_response.submitted';
  timestamp: string;
  data: { responseId: string; notificationId: string; applicationId: string; reference: string; evidence: EvidenceFile[] } & Record<string, unknown>;
}

/** Every event the portal sends; switch on `type`. An unknown type should be acknowledged and ignored. */
export type PortalEvent = ApplicationSubmitted | AgencyResponseSubmitted;

export interface ConsumerOptions {
  secret: string;
  /** Called once per event, however many times it is delivered. */
  onEvent: (event: PortalEvent, webhookId: string) => void | Promise<void>;
  now?: () => number;
}

export function createConsumer(options: ConsumerOptions): Server {
  const webhook = new Webhook(options.secret);
  const now = options.now ?? Date.now;
  // In memory for the example only: use your database.
  const seen = new Map<string, number>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const body = await readRaw(req);
    if (body === undefined) {
      res.writeHead(413).end();
      return;
    }
    let event: PortalEvent;
    try {
      event = webhook.verify(body, headersOf(req)) as PortalEvent;
    } catch (err) {
      // Not from the portal (or altered, or too old): refuse, and do not say why.
      res.writeHead(err instanceof WebhookVerificationError ? 400 : 500).end();
      return;
    }
    const webhookId = req.headers['webhook-id'] as string;
    for (const [id, at] of seen) if (now() - at > DEDUPE_WINDOW_MS) seen.delete(id);
    const duplicate = seen.has(webhookId);
    seen.set(webhookId, now());
    // Acknowledge first: a slow answer would be a timeout, and a retry.
    res.writeHead(204).end();
    if (!duplicate) await options.onEvent(event, webhookId);
  };

  // node's http server ignores the promise a handler returns: a failure (a broken
  // upload, a throwing onEvent) must be caught here, or it would stop the process.
  return createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('webhook consumer: could not handle a delivery', err);
      // Not acknowledged, so the portal delivers it again later.
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
}

/** Downloads an evidence file from the portal's API and checks it is the file the event described. */
export async function downloadEvidence(file: EvidenceFile, apiKey: string): Promise<Buffer> {
  const res = await fetch(file.url, { headers: { authorization: `Bearer ${apiKey}` } });
  if (!res.ok) throw new Error(`GET ${file.url} gave ${res.status}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  if (createHash('sha256').update(bytes).digest('hex') !== file.sha256) throw new Error(`${file.name} does not match its SHA-256`);
  return bytes;
}

async function readRaw(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
  return headers;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const secret = process.env.WEBHOOK_SECRET;
  if (!secret) {
    console.error('Set WEBHOOK_SECRET to the whsec_... secret shared with the portal');
    process.exit(2);
  }
  const apiKey = process.env.API_KEY;
  const port = Number(process.env.PORT ?? 4000);
  const server = createConsumer({
    secret,
    async onEvent(event, webhookId) {
      const what = event.type === 'agency_response.submitted' ? `the agency's response ${event.data.responseId} to` : 'application';
      console.log(`${webhookId}: ${event.type}: ${what} ${event.data.reference} (${event.data.applicationId}), ${event.data.evidence.length} file(s)`);
      if (!apiKey) return;
      for (const file of event.data.evidence) {
        const bytes = await downloadEvidence(file, apiKey);
        console.log(`  ${file.name}: ${bytes.length} bytes, SHA-256 checked`);
      }
    },
  });
  server.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}/webhooks/irm`));
}
