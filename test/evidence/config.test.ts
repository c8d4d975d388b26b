import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { NOTIFY_ENV } from '../support/notify-env.ts';
import { PRODUCTION_SESSION_SECRET } from '../support/secrets.ts';

const PRODUCTION = { NODE_ENV: 'production', ...NOTIFY_ENV, SESSION_SECRET: PRODUCTION_SESSION_SECRET };

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('upload and virus-scanner settings', () => {
  it('defaults: 10 MB a file, 10 files an application, a temp folder, no scanner outside production', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).evidence).toEqual({
      clamd: undefined,
      scanTimeoutMs: 60_000,
      maxFileBytes: 10 * 1024 * 1024,
      maxFiles: 10,
      tempDir: path.join(os.tmpdir(), 'irm-uploads'),
    });
  });

  it('clamd over TCP (port 3310 unless given) or over a unix socket', () => {
    expect(loadConfig({ CLAMD_HOST: 'clamav.internal' }).evidence.clamd).toEqual({ host: 'clamav.internal', port: 3310 });
    expect(loadConfig({ CLAMD_HOST: '10.0.0.5', CLAMD_PORT: '3311', CLAMD_TIMEOUT_SECONDS: '5' }).evidence).toMatchObject({
      clamd: { host: '10.0.0.5', port: 3311 },
      scanTimeoutMs: 5000,
    });
    expect(loadConfig({ CLAMD_SOCKET: '/run/clamav/clamd.ctl' }).evidence.clamd).toEqual({ socket: '/run/clamav/clamd.ctl' });
  });

  it('limits and the temp folder can be set', () => {
    expect(loadConfig({ UPLOAD_MAX_FILE_MB: '20', UPLOAD_MAX_FILES: '5', UPLOAD_TEMP_DIR: '/var/tmp/up' }).evidence).toMatchObject({
      maxFileBytes: 20 * 1024 * 1024,
      maxFiles: 5,
      tempDir: '/var/tmp/up',
    });
  });

  it('production refuses to start without a scanner, and says how to set one', () => {
    expect(problemsOf(PRODUCTION)).toEqual([expect.stringMatching(/^CLAMD_HOST must be set in production \(or CLAMD_SOCKET\).*\(for example CLAMD_HOST=/)]);
    expect(problemsOf({ ...PRODUCTION, CLAMD_HOST: 'clamav.internal' })).toEqual([]);
    expect(problemsOf({ ...PRODUCTION, CLAMD_SOCKET: '/run/clamav/clamd.ctl' })).toEqual([]);
  });

  it('one clear line per bad value, all at once', () => {
    expect(
      problemsOf({
        CLAMD_HOST: 'tcp://clamav:3310',
        CLAMD_PORT: '0',
        CLAMD_SOCKET: 'clamd.ctl',
        CLAMD_TIMEOUT_SECONDS: 'soon',
        UPLOAD_MAX_FILE_MB: '500',
        UPLOAD_MAX_FILES: '0',
      }),
    ).toEqual([
      'CLAMD_HOST must be the host name or IP address of clamd (no scheme or port) (for example CLAMD_HOST=clamav.internal)',
      'CLAMD_PORT must be a whole number from 1 to 65535, not "0" (for example CLAMD_PORT=3310)',
      "CLAMD_SOCKET must be the absolute path of clamd's unix socket (for example CLAMD_SOCKET=/run/clamav/clamd.ctl)",
      'CLAMD_TIMEOUT_SECONDS must be a whole number from 1 to 600, not "soon" (for example CLAMD_TIMEOUT_SECONDS=60)',
      'UPLOAD_MAX_FILE_MB must be a whole number from 1 to 100, not "500" (for example UPLOAD_MAX_FILE_MB=10)',
      'UPLOAD_MAX_FILES must be a whole number from 1 to 100, not "0" (for example UPLOAD_MAX_FILES=10)',
    ]);
  });

  it('either a host or a socket, not both', () => {
    expect(problemsOf({ CLAMD_HOST: 'clamav', CLAMD_SOCKET: '/run/clamav/clamd.ctl' })).toEqual([
      'CLAMD_SOCKET must not be set together with CLAMD_HOST: set one way to reach clamd (for example CLAMD_SOCKET=/run/clamav/clamd.ctl)',
    ]);
  });
});
