import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clamdPing, clamdScanFile, ScanFailedError } from '../../src/evidence/clamd.ts';
import { clamdScanner } from '../../src/evidence/scanner.ts';
import { EICAR, samplePdf, samplePdfOfSize } from '../support/sample-files.ts';
import { CLAMAV_TESTFILES_DIR, testClamd } from '../support/clamd.ts';

const { address } = testClamd();
const options = { address, timeoutMs: 10_000 };
const dir = mkdtempSync(path.join(os.tmpdir(), 'irm-clamd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileWith(name: string, content: Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** A TCP server on 127.0.0.1 that does `behave` with each connection. */
async function fakeClamd(behave: (socket: import('node:net').Socket) => void): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer(behave);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as import('node:net').AddressInfo).port;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('clamd INSTREAM, against a real clamd', () => {
  it('answers PING', async () => {
    await expect(clamdPing(options)).resolves.toBeUndefined();
  });

  it('finds a clean PDF clean', async () => {
    expect(await clamdScanFile(fileWith('clean.pdf', samplePdf()), options)).toEqual({ infected: false });
  });

  it('streams a 10 MB file in chunks and finds it clean', async () => {
    expect(await clamdScanFile(fileWith('big.pdf', samplePdfOfSize(10 * 1024 * 1024)), options)).toEqual({ infected: false });
  });

  it('finds the EICAR test file, alone and inside other text', async () => {
    expect(await clamdScanFile(fileWith('eicar.txt', EICAR), options)).toEqual({ infected: true, signature: expect.stringMatching(/Eicar/i) as unknown });
    const wrapped = Buffer.concat([Buffer.from('Dear panel,\n'), EICAR, Buffer.from('\nYours\n')]);
    expect(await clamdScanFile(fileWith('letter.txt', wrapped), options)).toMatchObject({ infected: true });
  });

  it("finds every file in Debian's clamav-testfiles", async () => {
    const names = readdirSync(CLAMAV_TESTFILES_DIR);
    expect(names.length).toBeGreaterThan(10);
    const clean = [];
    for (const name of names) {
      const verdict = await clamdScanFile(path.join(CLAMAV_TESTFILES_DIR, name), options);
      if (!verdict.infected) clean.push(name);
    }
    expect(clean).toEqual([]);
  });
});

describe('a scan that gives no verdict fails, and is never taken as clean', () => {
  const file = (): string => fileWith('letter.pdf', samplePdf());

  it('clamd not listening', async () => {
    const closed = await fakeClamd(() => {
      // Never answers: it is closed before anyone asks.
    });
    await closed.close();
    const scanner = clamdScanner({ host: '127.0.0.1', port: closed.port }, 2_000);
    await expect(scanner.scan(file())).rejects.toBeInstanceOf(ScanFailedError);
  });

  it('clamd that accepts the file but never answers: the deadline ends it', async () => {
    const silent = await fakeClamd((socket) => socket.resume());
    try {
      await expect(clamdScanFile(file(), { address: { host: '127.0.0.1', port: silent.port }, timeoutMs: 300 })).rejects.toThrow(/no answer within 300 ms/);
    } finally {
      await silent.close();
    }
  });

  it.each([
    ['an error', 'INSTREAM size limit exceeded. ERROR\0'],
    ['nonsense', 'hello\0'],
    ['nothing, then closes', ''],
  ])('clamd that answers %s', async (_label, reply) => {
    const odd = await fakeClamd((socket) => {
      socket.once('data', () => socket.end(reply));
    });
    try {
      await expect(clamdScanFile(file(), { address: { host: '127.0.0.1', port: odd.port }, timeoutMs: 2_000 })).rejects.toBeInstanceOf(ScanFailedError);
    } finally {
      await odd.close();
    }
  });

  it('over a unix socket path that does not exist', async () => {
    await expect(clamdScanFile(file(), { address: { socket: path.join(dir, 'no-such.sock') }, timeoutMs: 1_000 })).rejects.toBeInstanceOf(ScanFailedError);
  });
});
