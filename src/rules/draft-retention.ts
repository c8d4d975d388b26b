import { todayInLondon, type CalendarDate } from '../dates/calendar-date.ts';

/**
 * How long an unsubmitted draft is kept: it is deleted, with its files and
 * its save-and-return links, once nothing has changed it for the retention
 * period (DRAFT_RETENTION_DAYS). Saving an answer, uploading a file, asking
 * for a link and coming back through one all count as a change.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** When a draft last changed at `lastChanged` is due to be deleted, if nothing changes it before then. */
export function draftDeletionTime(lastChanged: Date, retentionDays: number): Date {
  return new Date(lastChanged.getTime() + retentionDays * DAY_MS);
}

/** The day (in London) that deletion falls on: what the resume-link email and pages say. */
export function draftDeletionDate(lastChanged: Date, retentionDays: number): CalendarDate {
  return todayInLondon(draftDeletionTime(lastChanged, retentionDays));
}

/** Drafts last changed before this moment are due to be deleted at `now`. */
export function retentionCutOff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/** Whether a draft is past its time (it may not be deleted yet: the job runs every hour). */
export function isPastRetention(lastChanged: Date, now: Date, retentionDays: number): boolean {
  return draftDeletionTime(lastChanged, retentionDays).getTime() <= now.getTime();
}
