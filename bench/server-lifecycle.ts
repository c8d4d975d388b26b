import { writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { ControlReply, ControlRequest, ServerReady } from './scenario.ts';

/** Tells the parent (over IPC) or the person running it (on stderr) where the server listens. */
export function announce(ready: ServerReady): void {
  if (process.send) process.send(ready);
  else console.error(`listening on http://127.0.0.1:${ready.port} (${ready.engine}; ${ready.notes})`);
}

/**
 * Stops on SIGTERM/SIGINT, or when the parent goes away, with a normal exit:
 * `--cpu-prof` writes its profile only on one.
 */
export function stopOnSignal(server: Server, cleanup: () => Promise<void> = async () => {}): void {
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.close();
    // Load generators keep connections open; they must not hold the exit up.
    server.closeAllConnections();
    cleanup().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('could not close cleanly:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
}

/**
 * Answers the parent's control requests: CPU time used so far, and CPU
 * profiling on its word, so a profile holds the measured load only (not
 * start-up, transpiling, or preparing sessions).
 */
export function answerControlRequests(): void {
  let session: Session | undefined;

  async function handle(request: ControlRequest): Promise<Omit<ControlReply, 'type' | 'id'>> {
    switch (request.action) {
      case 'cpu': {
        const { user, system } = process.cpuUsage();
        return { cpuMicros: user + system };
      }
      case 'profile-start':
        session = new Session();
        session.connect();
        await session.post('Profiler.enable');
        // Every 0.5 ms: fine enough for requests of a few ms, cheap enough not to swamp them.
        await session.post('Profiler.setSamplingInterval', { interval: 500 });
        await session.post('Profiler.start');
        return {};
      case 'profile-stop': {
        if (!session) throw new Error('the profiler was not started');
        const { profile } = await session.post('Profiler.stop');
        session.disconnect();
        session = undefined;
        await writeFile(request.file, JSON.stringify(profile));
        return {};
      }
    }
  }

  process.on('message', (request: ControlRequest) => {
    if (request?.type !== 'control') return;
    const reply = (answer: Omit<ControlReply, 'type' | 'id'>): void => {
      process.send?.({ type: 'control-done', id: request.id, ...answer } satisfies ControlReply);
    };
    handle(request).then(reply, (err: unknown) => reply({ error: String(err) }));
  });
}
