import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import pino from 'pino';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { buildService, type Service } from '../../src/service.ts';
import { fosteringOnTime } from './answers.ts';
import { Applicant, FIXED_NOW } from './harness.ts';

/** The service on a PGlite folder of its own (not in memory), with its log captured. */
async function serviceOn(dataDir: string): Promise<{ service: Service; log: string[] }> {
  const log: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      log.push(chunk.toString('utf8'));
      done();
    },
  });
  const service = await buildService(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir }), {
    logger: pino({ level: 'info' }, stream),
    now: () => FIXED_NOW,
    session: { pruneIntervalMs: 0 },
    evidence: { tempDir: mkdtempSync(path.join(os.tmpdir(), 'irm-test-uploads-')) },
    delivery: false,
  });
  return { service, log };
}

describe('the data folder', () => {
  const folders: string[] = [];
  const running: Service[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.close().catch(() => undefined)));
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
  const newFolder = () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'irm-data-'));
    folders.push(folder);
    return folder;
  };

  it('a start that makes a new, empty database says so loudly, with the path; a restart does not', async () => {
    const dataDir = newFolder();
    const first = await serviceOn(dataDir);
    await first.service.close();
    const warning = first.log
      .map((line) => JSON.parse(line) as { level: number; msg: string; path?: string })
      .find((entry) => entry.msg.startsWith('NEW DATABASE'));
    expect(warning).toMatchObject({ level: 40, path: path.join(dataDir, 'pglite') });
    expect(warning?.msg).toContain(path.join(dataDir, 'pglite'));

    const second = await serviceOn(dataDir);
    running.push(second.service);
    expect(second.log.join('')).not.toContain('NEW DATABASE');
  });

  it('deleted while running: the ready check fails and a submission is refused, never confirmed', async () => {
    const dataDir = newFolder();
    const { service } = await serviceOn(dataDir);
    running.push(service);
    // One application before: the database has its tables' files open, so writes could go on into deleted files.
    const before = new Applicant(service.app);
    await before.answerAll(fosteringOnTime);
    expect((await before.answer('/apply/check-answers')).headers.location).toBe('/apply/confirmation');
    const person = new Applicant(service.app);
    await person.answerAll(fosteringOnTime);
    const ready = await request(service.app).get('/health/ready');
    expect(ready.body).toEqual({ status: 'ok', checks: { database: 'ok', 'data-folder': 'ok' } });

    rmSync(dataDir, { recursive: true, force: true });

    const notReady = await request(service.app).get('/health/ready');
    expect(notReady.status).toBe(503);
    expect(notReady.body).toMatchObject({ checks: { 'data-folder': 'failed' } });
    const submitted = await person.answer('/apply/check-answers');
    expect(submitted.status).toBe(500);
    expect(submitted.text).toContain('Sorry, there is a problem with the service');
    expect(submitted.text).not.toContain('Application complete');
    expect((await person.get('/apply/confirmation')).headers.location).toBe('/apply');
  });
});

describe('the service process', () => {
  it('stops with a clear message when its data folder is deleted while it runs', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'irm-data-process-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'info', DATA_DIR: dataDir, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    try {
      for (let i = 0; i < 300 && !output.includes('listening on'); i++) await delay(100);
      expect(output).toContain('listening on');
      rmSync(dataDir, { recursive: true, force: true });
      const [code] = await Promise.race([exited, delay(15_000).then(() => [undefined] as const)]);
      expect(code).toBe(1);
      expect(output).toContain(`The database folder ${path.join(dataDir, 'pglite')} has gone while the service was running`);
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
