import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import type { ControlReply, ControlRequest } from './scenario.ts';

/**
 * Loaded into each server child with `node --import`, before its own entry
 * point, so the real src/server.ts runs unchanged while the benchmark can
 * still ask it, over IPC, how much CPU it has used and to run its profiler.
 *
 * When the benchmark goes away the child is sent SIGTERM by itself, so the
 * server's own graceful shutdown runs (and no server is left behind).
 */

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

if (process.send) {
  process.on('message', (request: ControlRequest | undefined) => {
    if (request?.type !== 'control') return;
    const reply = (answer: Omit<ControlReply, 'type' | 'id'>): void => {
      process.send?.({ type: 'control-done', id: request.id, ...answer } satisfies ControlReply);
    };
    handle(request).then(reply, (err: unknown) => reply({ error: String(err) }));
  });
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  // The IPC channel must not keep a server alive that has otherwise stopped.
  process.channel?.unref();
}
