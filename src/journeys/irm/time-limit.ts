import { derived } from '../../engine/conditions.ts';
import { dateField } from '../../engine/fields/date.ts';
import { textareaField } from '../../engine/fields/textarea.ts';
import { otherwise, when, type Step } from '../../engine/journey.ts';

/** The oldest letter the service accepts, in years: older ones go to the IRM team by other means. */
export const LETTER_AT_MOST_YEARS_OLD = 3;

/** The date on the letter, the last day to apply, and why a late application is late. */
export const timeLimitSteps: readonly Step[] = [
  {
    id: 'letter-date',
    kind: 'question',
    section: 'time-limit',
    // A letter more than 3 years old cannot be a live case: the error says to contact the service.
    fields: [dateField('letterDate', { notInFuture: true, notMoreThanYearsAgo: LETTER_AT_MOST_YEARS_OLD })],
    next: 'deadline',
  },
  {
    id: 'deadline',
    kind: 'content',
    section: 'time-limit',
    view: 'journeys/deadline.njk',
    // Late is never a dead end: the IRM can use its discretion, so ask why and carry on.
    next: [when(derived('late').isTrue(), 'late-reason'), otherwise('applicant-name')],
  },
  {
    id: 'late-reason',
    kind: 'question',
    section: 'time-limit',
    fields: [textareaField('lateReason', { maxLength: 2000, rows: 5 })],
    next: 'applicant-name',
  },
];
