import { filePieces } from './file-pieces.ts';
import { connect, type Socket } from 'node:net';

/**
 * A small client for clamd's INSTREAM command: the file is streamed from disk
 * to clamd in length-prefixed chunks, so memory stays flat and clamd needs no
 * access to our files.
 *
 * Why not the `clamscan` package: its init() looks for local clamscan and
 * clamdscan binaries and config files, and by default falls back to spawning
 * them; what this service needs is narrower and must fail closed: one socket,
 * one deadline for the whole scan, and any answer other than "OK" or
 * "... FOUND" treated as a failed scan, never as clean.
 */

export type ClamdAddress = { readonly host: string; readonly port: number } | { readonly socket: string };

export interface ClamdOptions {
  readonly address: ClamdAddress;
  /** Deadline for connecting, sending and the verdict together. */
  readonly timeoutMs: number;
  /** Bytes per INSTREAM chunk (clamd's StreamMaxLength limits the total, not this). */
  readonly chunkBytes?: number;
}

export type ClamdVerdict = { readonly infected: false } | { readonly infected: true; readonly signature: string };

/** The scan did not give a verdict: clamd unreachable, too slow, or answering with an error. */
export class ScanFailedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScanFailedError';
  }
}

export function describeAddress(address: ClamdAddress): string {
  return 'socket' in address ? `unix:${address.socket}` : `${address.host}:${address.port}`;
}

function openSocket(address: ClamdAddress): Socket {
  return 'socket' in address ? connect({ path: address.socket }) : connect({ host: address.host, port: address.port });
}

/**
 * Sends one command (the z-prefixed, NUL-terminated form) and resolves with
 * clamd's NUL-terminated reply. `send` writes the command's payload, if any.
 */
function converse(options: ClamdOptions, command: string, send?: (socket: Socket) => Promise<void>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = openSocket(options.address);
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (error: Error | undefined, reply?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(reply ?? '');
    };
    const timer = setTimeout(
      () => finish(new ScanFailedError(`clamd at ${describeAddress(options.address)} gave no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    socket.on('error', (error) => finish(new ScanFailedError(`clamd at ${describeAddress(options.address)}: ${error.message}`, { cause: error })));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const all = Buffer.concat(chunks);
      const end = all.indexOf(0);
      if (end !== -1) finish(undefined, all.subarray(0, end).toString('utf8').trim());
    });
    socket.on('close', () => {
      const reply = Buffer.concat(chunks).toString('utf8').replace(/\0/g, '').trim();
      if (reply !== '') finish(undefined, reply);
      else finish(new ScanFailedError(`clamd at ${describeAddress(options.address)} closed the connection without an answer`));
    });
    socket.once('connect', () => {
      socket.write(`z${command}\0`);
      if (!send) return;
      // clamd may answer (e.g. a size limit error) and close before the upload ends: the reply wins.
      send(socket).catch((error: unknown) => {
        if (!settled && chunks.length === 0) finish(new ScanFailedError(`could not send the file to clamd: ${String(error)}`, { cause: error }));
      });
    });
  });
}

/** Resolves once the data has been handed to the kernel, so its buffer may be reused. */
function write(socket: Socket, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.write(data, (error) => (error ? reject(error) : resolve()));
  });
}

export async function clamdScanFile(path: string, options: ClamdOptions): Promise<ClamdVerdict> {
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  const reply = await converse(options, 'INSTREAM', async (socket) => {
    const length = Buffer.alloc(4);
    for await (const piece of filePieces(path, chunkBytes)) {
      length.writeUInt32BE(piece.length);
      await write(socket, length);
      await write(socket, piece);
    }
    await write(socket, Buffer.alloc(4)); // a zero length ends the stream
  });
  if (/^stream: OK$/.test(reply)) return { infected: false };
  const found = /^stream: (.+) FOUND$/.exec(reply);
  if (found?.[1]) return { infected: true, signature: found[1] };
  throw new ScanFailedError(`clamd could not scan the file: ${reply}`);
}

/** PING → PONG: whether clamd is there and answering. */
export async function clamdPing(options: ClamdOptions): Promise<void> {
  const reply = await converse(options, 'PING');
  if (reply !== 'PONG') throw new ScanFailedError(`clamd answered PING with '${reply}'`);
}

/** e.g. "ClamAV 1.0.7/27000/Sat Nov 21 08:00:00 2026": engine and signature versions, for the log. */
export function clamdVersion(options: ClamdOptions): Promise<string> {
  return converse(options, 'VERSION');
}
