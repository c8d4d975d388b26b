import type { CalendarDate } from '../dates/calendar-date.ts';
import type { Language } from '../languages.ts';
import { pageLink, resumeLink, type Contact } from '../notify/messages.ts';
import type { Emails } from '../notify/emails.ts';
import { draftDeletionDate, isPastRetention } from '../rules/draft-retention.ts';
import type { OnSubmitted } from '../store/applications.ts';
import type { Database } from '../store/database.ts';
import type { DraftRetentionRepository } from '../store/draft-retention.ts';
import type { Draft, DraftRepository } from '../store/drafts.ts';
import { createLinkTokenRepository, type LinkToken, type LinkTokenRepository } from '../store/link-tokens.ts';
import { normaliseEmailAddress } from './email-address.ts';

/**
 * Save-and-return links: what sending one does, what opens one, and what
 * stops them. The rules (DESIGN.md, "Links and notifications"):
 *
 * - a 256-bit token, stored only as a hash, bound to this draft and to the
 *   purpose 'resume-draft'; its check is the address the link was sent to;
 * - a link works exactly as long as its draft: while the draft exists, is not
 *   submitted and is not past its retention time (the token's own expiry is
 *   only a backstop, should the retention job ever stop);
 * - a new link for a draft stops the earlier ones (a link sent to a mistyped
 *   address dies when the person asks again with the right one);
 * - submitting the draft uses its links up, in the submission's transaction;
 *   deleting the draft deletes them (src/store/draft-retention.ts).
 */

export const RESUME_PURPOSE = 'resume-draft';

/** The token's own expiry: longer than any draft can wait (DRAFT_RETENTION_DAYS is at most 365), so the draft decides. */
const BACKSTOP_MS = 400 * 24 * 60 * 60 * 1000;

export interface ResumeLinkDeps {
  readonly db: Database;
  readonly drafts: Pick<DraftRepository, 'get'>;
  readonly linkTokens: LinkTokenRepository;
  readonly retention: DraftRetentionRepository;
  readonly emails: Emails;
  readonly retentionDays: number;
  /** Where the service is reached (PUBLIC_BASE_URL): the link starts with it. */
  readonly publicBaseUrl: string;
  readonly contact: Contact;
}

export interface SendResumeLinkInput {
  readonly draftId: string;
  /** The address to send it to, as typed (without spaces). */
  readonly to: string;
  readonly language: Language;
  /** The journey's `${basePath}/return`. */
  readonly returnBase: string;
  readonly now: Date;
}

export type SendResumeLinkResult = { readonly sent: true; readonly emailId: string; readonly deleteOn: CalendarDate } | { readonly sent: false };

/**
 * In one transaction: the draft's deletion clock restarts, its earlier links
 * stop, a new one is issued and the email is written to the outbox. Nothing
 * is sent for a draft that has gone or been submitted meanwhile.
 */
export async function sendResumeLink(deps: ResumeLinkDeps, input: SendResumeLinkInput): Promise<SendResumeLinkResult> {
  const { draftId, now, language } = input;
  return deps.db.transaction(async (tx) => {
    const changedAt = await deps.retention.touch(tx, draftId, now);
    if (!changedAt) return { sent: false };
    await deps.linkTokens.revokeForSubject(tx, RESUME_PURPOSE, draftId, now);
    const { token } = await deps.linkTokens.issue(tx, {
      purpose: RESUME_PURPOSE,
      subjectId: draftId,
      expiresAt: new Date(now.getTime() + BACKSTOP_MS),
      now,
      checkAnswer: normaliseEmailAddress(input.to),
    });
    const deleteOn = draftDeletionDate(changedAt, deps.retentionDays);
    const email = await deps.emails.queue(tx, {
      kind: 'resume-link',
      to: input.to,
      language,
      personalisation: resumeLink(language, {
        link: pageLink(deps.publicBaseUrl, `${input.returnBase}/${token}`, language),
        deleteOn,
        contact: deps.contact,
      }),
    });
    return { sent: true, emailId: email.id, deleteOn };
  });
}

export interface OpenedLink {
  readonly token: LinkToken;
  readonly draft: Draft;
}

/**
 * The link's token and draft, when the link may be used now for this
 * journey; undefined for every link that opens nothing, whatever the reason.
 * Changes nothing: mail scanners open links before people do.
 */
export async function openResumeLink(
  deps: Pick<ResumeLinkDeps, 'drafts' | 'linkTokens' | 'retentionDays'>,
  token: unknown,
  journeyId: string,
  now: Date,
): Promise<OpenedLink | undefined> {
  const found = await deps.linkTokens.findUsable(token, RESUME_PURPOSE, now);
  if (!found) return undefined;
  const draft = await deps.drafts.get(found.subjectId);
  const live = draft?.journeyId === journeyId && draft.submittedApplicationId === null && !isPastRetention(draft.updatedAt, now, deps.retentionDays);
  return live ? { token: found, draft } : undefined;
}

/** The store's `onSubmitted` hook: a submitted draft's links stop working, in the submission's own transaction. */
export function resumeLinksOnSubmitted(now: () => Date): OnSubmitted {
  return async (tx, application) => {
    // A repository over the submission's transaction: it writes nothing outside it.
    await createLinkTokenRepository(tx).useUpForSubject(tx, RESUME_PURPOSE, application.draftId, now());
  };
}
