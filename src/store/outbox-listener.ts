import pg from 'pg';
import type { Logger } from 'pino';
import { OUTBOX_CHANNEL } from './outbox.ts';

export interface OutboxListener {
  close(): Promise<void>;
}

const RECONNECT_MS = 5000;

/** Closes a connection that is being given up on: if that fails too, there is nothing left to do. */
const endQuietly = (client: pg.Client): Promise<void> =>
  client.end().catch(() => {
    // Already broken or closing: polling carries on either way.
  });

/**
 * On PostgreSQL, wakes a delivery worker as soon as a transaction that
 * enqueued an event commits (LISTEN/NOTIFY), so a separate worker process
 * need not poll hard to deliver quickly. If the connection drops, the worker's
 * polling carries on alone while this reconnects.
 */
export function listenForOutbox(databaseUrl: string, onNotify: () => void, logger: Logger): OutboxListener {
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: databaseUrl });
    next.on('notification', (message) => {
      if (message.channel === OUTBOX_CHANNEL) onNotify();
    });
    next.on('error', (err) => {
      logger.warn({ err }, 'the outbox listener lost its connection; polling until it reconnects');
      void endQuietly(next);
      if (client === next) client = undefined;
      scheduleReconnect();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (err) {
      logger.warn({ err }, 'the outbox listener could not connect; polling until it can');
      await endQuietly(next);
      scheduleReconnect();
      return;
    }
    if (closed) {
      await endQuietly(next);
      return;
    }
    client = next;
    // Events enqueued while no one was listening.
    onNotify();
  };

  const scheduleReconnect = (): void => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, RECONNECT_MS);
    retry.unref();
  };

  void connect();

  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = undefined;
      if (current) await endQuietly(current);
    },
  };
}
