import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { clamdPing } from '../src/evidence/clamd.ts';

/**
 * A clamd of our own for the upload benchmark, on 127.0.0.1, when
 * CLAMD_HOST/CLAMD_PORT do not name one: Debian's clamd with a one-line
 * signature database (the EICAR test file), made offline in `dir`. Real clamd
 * still reads, unpacks and matches every byte, which is what is measured.
 */
export interface RunningClamd {
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

export async function startClamd(dir: string, clamdPath = '/usr/sbin/clamd'): Promise<RunningClamd> {
  await mkdir(path.join(dir, 'db'), { recursive: true });
  await mkdir(path.join(dir, 'tmp'), { recursive: true });
  await writeFile(path.join(dir, 'db', 'bench.hdb'), `${createHash('md5').update(EICAR).digest('hex')}:${EICAR.length}:Eicar-Test-Signature\n`);
  const port = await freePort();
  const conf = path.join(dir, 'clamd.conf');
  await writeFile(
    conf,
    [
      'Foreground yes',
      `TCPSocket ${port}`,
      'TCPAddr 127.0.0.1',
      `DatabaseDirectory ${path.join(dir, 'db')}`,
      `TemporaryDirectory ${path.join(dir, 'tmp')}`,
      `LogFile ${path.join(dir, 'clamd.log')}`,
      'StreamMaxLength 30M',
      'MaxFileSize 30M',
      'MaxScanSize 100M',
      '',
    ].join('\n'),
  );
  const child = spawn(clamdPath, [`--config-file=${conf}`], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', () => undefined);
  const options = { address: { host: '127.0.0.1', port }, timeoutMs: 1_000 };
  for (let attempt = 0; ; attempt += 1) {
    try {
      await clamdPing(options);
      break;
    } catch (error) {
      if (attempt > 120 || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error(`clamd did not start (is Debian's clamav-daemon installed? npm test installs it): ${String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return {
    host: '127.0.0.1',
    port,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
