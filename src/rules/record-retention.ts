/**
 * How long the service keeps what it has handed over, once the caseworker
 * system has it (issue 10, retention):
 *
 * - a sent application, with its files, its agency notifications and
 *   responses, their links and its webhook events and emails, is kept for
 *   APPLICATION_RETENTION_DAYS after the last of: its webhook events
 *   acknowledged, its files first downloaded through the consumer API, its
 *   agency responses sent, and its agencies' unanswered links run out. Until
 *   every event is acknowledged and every file downloaded, it is kept
 *   whatever its age: nobody else holds it yet;
 * - delivery logs (webhook delivery attempts, email attempts, emails sent)
 *   are kept for DELIVERY_LOG_RETENTION_DAYS after they happened.
 *
 * The store applies the cut-off moments below (src/store/record-retention.ts).
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RecordRetentionPeriods {
  /** Days a sent application is kept once delivered and downloaded. */
  readonly applicationDays: number;
  /** Days a delivery log entry is kept. */
  readonly deliveryLogDays: number;
}

export interface RecordRetentionCutOffs {
  /** Applications whose last delivery, download, response or link expiry came before this moment are due. */
  readonly applications: Date;
  /** Delivery log entries from before this moment are due. */
  readonly deliveryLogs: Date;
}

/** The moment `days` whole days before `now`: anything that happened before it has been kept that long. */
export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** The cut-offs for a run of the retention job at `now`. */
export function recordRetentionCutOffs(now: Date, periods: RecordRetentionPeriods): RecordRetentionCutOffs {
  return { applications: daysBefore(now, periods.applicationDays), deliveryLogs: daysBefore(now, periods.deliveryLogDays) };
}
