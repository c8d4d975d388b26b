import { parseArgs } from 'node:util';
import { AGENCY_OPS_USAGE } from '../agency-directory/ops.ts';
import type { AgencyNotification } from '../store/agency-notifications.ts';
import type { LinkToken } from '../store/link-tokens.ts';
import { generateApiKey } from './api-keys.ts';
import { EVENT_STATUSES, type DeliveryAttempt, type EventStatus, type Outbox, type OutboxEvent } from '../store/outbox.ts';
import { generateSecret } from './secrets.ts';

export const OPS_USAGE = `Usage: npm run ops -- <command>

  status                              events by status, and the webhook endpoint's state
  events [--status S] [--limit N]     latest events (S: ${EVENT_STATUSES.join(', ')}; N default 50)
  show <id | webhook-id | reference>  an event and every delivery attempt
  redeliver <id | webhook-id>         send an event again now (same webhook-id, fresh retry schedule)
  redeliver-failed --since <time>     send again every event that failed at or after <time>
                                      (ISO 8601, e.g. 2026-11-20 or 2026-11-20T09:00:00Z)
  endpoint [enable]                   show the endpoint's state; enable it again after a 410 Gone
  new-api-key                         make a consumer API key and the hash for API_KEY_HASHES
  new-webhook-secret                  make a secret for WEBHOOK_SECRET
  retention [--dry-run]               delete unsubmitted drafts not changed for DRAFT_RETENTION_DAYS,
                                      with their files and save-and-return links (--dry-run: count them)

  agency-links show <notification id>     an agency notification and the state of its link
  agency-links revoke <notification id>   stop the notification's link working (and any session it opened);
                                          send a new one with POST /api/v1/applications/<id>/agency-notifications
${AGENCY_OPS_USAGE}`;

const DATABASE_COMMANDS = new Set(['status', 'events', 'show', 'redeliver', 'redeliver-failed', 'endpoint']);

/** What `agency-links` needs of the store. */
export interface AgencyLinkOps {
  notification(id: string): Promise<AgencyNotification | undefined>;
  links(notificationId: string): Promise<LinkToken[]>;
  /** Revokes every usable link of the notification. @returns how many */
  revoke(notificationId: string, now: Date): Promise<number>;
}

export interface OpsDeps {
  /** Opened only for commands that need the database. */
  openOutbox: () => Promise<{ outbox: Outbox; close: () => Promise<void> }>;
  /** Opened only for `agency-links`. */
  openAgencyLinks?: () => Promise<{ links: AgencyLinkOps; close: () => Promise<void> }>;
  /** The configured webhook endpoint, if any. */
  endpointUrl: string | undefined;
  now: () => Date;
  out: (line: string) => void;
}

export class OpsUsageError extends Error {
  constructor(message: string) {
    super(`${message}\n\n${OPS_USAGE}`);
    this.name = 'OpsUsageError';
  }
}

/** Runs one operator command. @returns the process exit code */
export async function runOps(argv: readonly string[], deps: OpsDeps): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { status: { type: 'string' }, limit: { type: 'string' }, since: { type: 'string' } },
    });
  } catch (err) {
    throw new OpsUsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  const { out } = deps;

  switch (command) {
    case 'new-api-key': {
      const { key, hash } = generateApiKey();
      out(`API key (give it to the consumer, once, over a secure channel): ${key}`);
      out(`Add its hash to API_KEY_HASHES: ${hash}`);
      return 0;
    }
    case 'new-webhook-secret':
      out(generateSecret());
      out('Put it first in WEBHOOK_SECRET, keep the old one after it until the consumer has switched, then remove the old one.');
      return 0;
    case undefined:
    case 'help':
      out(OPS_USAGE);
      return command === undefined ? 2 : 0;
    case 'agency-links':
      return agencyLinks(rest, deps);
  }

  if (!DATABASE_COMMANDS.has(command)) throw new OpsUsageError(`Unknown command: ${command}`);
  const { outbox, close } = await deps.openOutbox();
  try {
    switch (command) {
      case 'status': {
        const counts = await outbox.counts();
        out(EVENT_STATUSES.map((status) => `${status}: ${counts[status]}`).join('  '));
        await printEndpoint(outbox, deps);
        return 0;
      }
      case 'events': {
        const status = parseStatus(values.status);
        const limit = parseLimit(values.limit);
        const events = await outbox.list({ status, limit });
        if (events.length === 0) out('No events.');
        for (const event of events) out(eventLine(event));
        return 0;
      }
      case 'show': {
        const events = await outbox.find(required(rest[0], 'show needs an event id, webhook-id or application reference'));
        if (events.length === 0) {
          out('No such event.');
          return 1;
        }
        for (const event of events) {
          out(eventDetail(event));
          const attempts = await outbox.attempts(event.id);
          out(attempts.length === 0 ? '  no attempts yet' : `  attempts:`);
          for (const attempt of attempts) out(attemptLine(attempt));
        }
        return 0;
      }
      case 'redeliver': {
        const key = required(rest[0], 'redeliver needs an event id or webhook-id');
        const events = await outbox.find(key);
        if (events.length !== 1 || !events[0]) {
          out(events.length === 0 ? 'No such event.' : `${key} matches ${events.length} events: name one by its id.`);
          return 1;
        }
        const result = await outbox.redeliver(events[0].id, deps.now());
        if (result === 'queued') out(`Queued ${events[0].webhookId} to be sent again now.`);
        else if (result === 'in-flight') out(`${events[0].webhookId} is being sent right now; look again in a minute.`);
        else out('No such event.');
        return result === 'queued' ? 0 : 1;
      }
      case 'redeliver-failed': {
        const since = parseTime(required(values.since, 'redeliver-failed needs --since <time>'));
        const count = await outbox.redeliverFailedSince(since, deps.now());
        out(`Queued ${count} failed event${count === 1 ? '' : 's'} (failed since ${since.toISOString()}) to be sent again now.`);
        return 0;
      }
      case 'endpoint': {
        if (rest[0] === 'enable') {
          const url = required(deps.endpointUrl, 'WEBHOOK_URL is not set');
          out((await outbox.enableEndpoint(url)) ? `Enabled ${url}: held events will be sent now.` : `${url} was not disabled.`);
          return 0;
        }
        if (rest[0] !== undefined) throw new OpsUsageError(`Unknown endpoint command: ${rest[0]}`);
        await printEndpoint(outbox, deps);
        return 0;
      }
      default:
        throw new OpsUsageError(`Unknown command: ${command}`);
    }
  } finally {
    await close();
  }
}

/** `agency-links show|revoke <notification id>`. Never prints an address: ids, dates and states only. */
async function agencyLinks(args: readonly string[], deps: OpsDeps): Promise<number> {
  const [action, id, ...extra] = args;
  if ((action !== 'show' && action !== 'revoke') || extra.length > 0) throw new OpsUsageError('agency-links needs show or revoke, and a notification id');
  const notificationId = required(id, `agency-links ${action} needs a notification id`);
  if (!deps.openAgencyLinks) throw new OpsUsageError('agency-links is not available here');
  const { links, close } = await deps.openAgencyLinks();
  try {
    const notification = await links.notification(notificationId);
    if (!notification) {
      deps.out('No such agency notification.');
      return 1;
    }
    if (action === 'revoke') {
      const count = await links.revoke(notification.id, deps.now());
      deps.out(
        count > 0
          ? `Revoked the link of notification ${notification.id}: it opens nothing now, and a session it opened is closed.`
          : `Notification ${notification.id} has no link that still works (expired, revoked or used to send the response).`,
      );
      return 0;
    }
    deps.out(
      [
        `agency notification ${notification.id}`,
        `  application:  ${notification.applicationId}`,
        `  source:       ${notification.source}`,
        `  sent:         ${iso(notification.sentAt)}`,
        `  due:          ${notification.dueDate}`,
        `  link expires: ${iso(notification.linkExpiresAt)}`,
        `  opened:       ${notification.draftId ? 'yes' : 'not yet'}`,
      ].join('\n'),
    );
    for (const link of await links.links(notification.id)) deps.out(linkLine(link, deps.now()));
    return 0;
  } finally {
    await close();
  }
}

function linkLine(link: LinkToken, now: Date): string {
  const state = link.usedUpAt
    ? `used to send the response at ${iso(link.usedUpAt)}`
    : link.revokedAt
      ? `revoked at ${iso(link.revokedAt)}`
      : link.expiresAt <= now
        ? `expired at ${iso(link.expiresAt)}`
        : `works until ${iso(link.expiresAt)}`;
  return `  link ${link.id}: ${state}`;
}

async function printEndpoint(outbox: Outbox, deps: OpsDeps): Promise<void> {
  if (!deps.endpointUrl) {
    deps.out('endpoint: WEBHOOK_URL is not set (events wait in the outbox)');
    return;
  }
  const state = await outbox.endpoint(deps.endpointUrl);
  deps.out(
    state.disabledAt
      ? `endpoint: ${state.url} DISABLED since ${state.disabledAt.toISOString()} (${state.disabledReason ?? 'no reason'}); after fixing it: npm run ops -- endpoint enable`
      : `endpoint: ${state.url} enabled`,
  );
}

function required<T>(value: T | undefined, message: string): T {
  if (value === undefined || value === '') throw new OpsUsageError(message);
  return value;
}

function parseStatus(value: string | undefined): EventStatus | undefined {
  if (value === undefined) return undefined;
  const status = EVENT_STATUSES.find((s) => s === value);
  if (!status) throw new OpsUsageError(`--status must be one of ${EVENT_STATUSES.join(', ')}`);
  return status;
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return 50;
  const limit = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(limit >= 1 && limit <= 10_000)) throw new OpsUsageError('--limit must be a whole number from 1 to 10000');
  return limit;
}

/** ISO 8601 only: a date (midnight UTC) or a date and time with a zone. */
export function parseTime(value: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value)) {
    throw new OpsUsageError(`Not an ISO 8601 time: ${value} (e.g. 2026-11-20 or 2026-11-20T09:00:00Z)`);
  }
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new OpsUsageError(`Not a real time: ${value}`);
  return time;
}

const iso = (date: Date | null): string => date?.toISOString() ?? '-';

function eventLine(event: OutboxEvent): string {
  const when =
    event.status === 'pending'
      ? `next ${iso(event.nextAttemptAt)}`
      : event.status === 'delivered'
        ? `at ${iso(event.deliveredAt)}`
        : `at ${iso(event.failedAt)}`;
  return `${event.id}  ${event.webhookId}  ${event.status.padEnd(9)} ${when}  attempts ${event.attempts}${event.lastError ? `  last error: ${event.lastError}` : ''}`;
}

function eventDetail(event: OutboxEvent): string {
  return [
    `event ${event.id}`,
    `  webhook-id:   ${event.webhookId}`,
    `  type:         ${event.type}`,
    `  application:  ${event.applicationId}`,
    `  status:       ${event.status}`,
    `  created:      ${iso(event.createdAt)}`,
    event.status === 'pending' ? `  next attempt: ${iso(event.nextAttemptAt)}` : undefined,
    event.leaseExpiresAt ? `  leased until: ${iso(event.leaseExpiresAt)}` : undefined,
    event.deliveredAt ? `  delivered:    ${iso(event.deliveredAt)}` : undefined,
    event.failedAt ? `  failed:       ${iso(event.failedAt)}` : undefined,
    `  attempts:     ${event.attempts} (${event.roundAttempts} since last queued)`,
    event.lastError ? `  last error:   ${event.lastError}` : undefined,
  ]
    .filter((line) => line !== undefined)
    .join('\n');
}

function attemptLine(attempt: DeliveryAttempt): string {
  const result = attempt.finishedAt
    ? `${attempt.outcome ?? '?'}  ${attempt.statusCode === null ? (attempt.error ?? '') : `HTTP ${attempt.statusCode}`}  ${attempt.durationMs ?? '?'} ms`
    : 'no result recorded (in flight, or its worker stopped)';
  const body = attempt.responseBody ? `\n      response: ${JSON.stringify(attempt.responseBody)}` : '';
  return `    #${attempt.attempt} ${iso(attempt.startedAt)} by ${attempt.worker} to ${attempt.endpoint}: ${result}${body}`;
}
