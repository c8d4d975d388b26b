import { performance } from 'node:perf_hooks';
import axios from 'axios';
import { NotifyClient } from 'notifications-node-client';
import type { EmailTransport, OutgoingEmail, SendResult } from './transport.ts';

/**
 * GOV.UK Notify, through its official client. The client signs each request
 * with a JWT (HS256, `iss` the service id, keyed with the API key's secret);
 * it uses axios, so a client of our own gives every request a timeout and
 * never follows a redirect.
 */

export interface NotifySettings {
  apiKey: string;
  /** Notify's API address, or a local server in tests. */
  baseUrl: string;
  timeoutMs: number;
}

const ERROR_EXCERPT = 500;

/**
 * The client is typed against axios's CommonJS typings and we import its ES
 * module ones: the same axios, two declarations TypeScript cannot unify.
 */
type NotifyHttpClient = Parameters<NotifyClient['setClient']>[0];

export function notifyTransport(settings: NotifySettings): EmailTransport {
  const client = new NotifyClient(settings.baseUrl, settings.apiKey);
  client.setClient(axios.create({ timeout: settings.timeoutMs, maxRedirects: 0 }) as unknown as NotifyHttpClient);
  return {
    name: 'notify',
    async send(email: OutgoingEmail): Promise<SendResult> {
      const started = performance.now();
      const elapsed = (): number => Math.round(performance.now() - started);
      if (email.templateId === undefined) return { kind: 'refused', status: 400, error: `no Notify template id for ${email.kind}`, durationMs: 0 };
      try {
        const response = await client.sendEmail(email.templateId, email.emailAddress, {
          personalisation: email.personalisation,
          // The outbox id: the same on every attempt, and no personal data.
          reference: email.emailId,
        });
        return { kind: 'sent', providerId: providerIdOf(response.data), durationMs: elapsed() };
      } catch (err) {
        return { ...describe(err, settings.timeoutMs), durationMs: elapsed() };
      }
    },
  };
}

function providerIdOf(data: unknown): string | undefined {
  return typeof data === 'object' && data !== null && 'id' in data && typeof data.id === 'string' ? data.id : undefined;
}

function describe(err: unknown, timeoutMs: number): { kind: 'refused'; status: number; error: string } | { kind: 'error'; error: string } {
  if (axios.isAxiosError(err)) {
    if (err.response) {
      // Notify's errors name the problem ({"errors":[{"error":"BadRequestError","message":"…"}]}), never the secret.
      const body = typeof err.response.data === 'string' ? err.response.data : JSON.stringify(err.response.data);
      return { kind: 'refused', status: err.response.status, error: `HTTP ${err.response.status}: ${body.slice(0, ERROR_EXCERPT)}` };
    }
    if (err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT') return { kind: 'error', error: `timed out after ${timeoutMs} ms` };
    return { kind: 'error', error: err.code ? `${err.code}: ${err.message}` : err.message };
  }
  return { kind: 'error', error: err instanceof Error ? err.message : String(err) };
}
