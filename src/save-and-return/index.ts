import type { HitCounter } from '../web/rate-limits.ts';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Journey } from '../engine/journey.ts';
import type { Emails } from '../notify/emails.ts';
import type { Database } from '../store/database.ts';
import { createDraftRetentionRepository } from '../store/draft-retention.ts';
import type { DraftRepository } from '../store/drafts.ts';
import { createEmailOutbox } from '../store/email-outbox.ts';
import type { LinkTokenRepository } from '../store/link-tokens.ts';
import { returnPages } from './return-pages.ts';
import { openResumeLink, sendResumeLink, type ResumeLinkDeps } from './resume-links.ts';
import { savePages } from './save-pages.ts';

/**
 * Save and return, for the journeys that ask for it (`saveForLater` in their
 * definition): the save page, "Check your email", and the emailed link's
 * page with its check. The engine offers the button; this is what it leads to.
 */

export interface SaveAndReturnDeps {
  readonly config: Pick<Config, 'drafts' | 'saveAndReturn' | 'publicBaseUrl' | 'contact'>;
  readonly store: { readonly db: Database; readonly drafts: DraftRepository; readonly linkTokens: LinkTokenRepository; readonly rateLimitHits?: HitCounter };
  readonly emails: Emails;
  readonly now: () => Date;
  readonly logger?: Logger;
}

/** The save-and-return pages of one journey, for mountJourneys. */
export function saveAndReturnRoutes(deps: SaveAndReturnDeps): (journey: Journey) => Router {
  const { config, store } = deps;
  const retention = createDraftRetentionRepository(store.db);
  const outbox = createEmailOutbox(store.db);
  const links: ResumeLinkDeps = {
    db: store.db,
    drafts: store.drafts,
    linkTokens: store.linkTokens,
    retention,
    emails: deps.emails,
    retentionDays: config.drafts.retentionDays,
    publicBaseUrl: config.publicBaseUrl,
    contact: config.contact,
  };
  const limits = config.saveAndReturn;

  return (journey) => {
    const router = express.Router();
    router.use(
      savePages({
        journey,
        drafts: store.drafts,
        send: (input) => sendResumeLink(links, input),
        addressOfEmail: async (emailId) => (await outbox.find(emailId)).find((email) => email.id === emailId)?.emailAddress,
        retentionDays: config.drafts.retentionDays,
        limits,
        hits: store.rateLimitHits,
        now: deps.now,
      }),
      returnPages({
        journey,
        db: store.db,
        open: (token, now) => openResumeLink(links, token, journey.id, now),
        check: (tokenId, answer, now) => store.linkTokens.check(tokenId, answer, limits.checkMaxAttempts, now),
        retention,
        opensPerIpPerHour: limits.linkOpensPerIpPerHour,
        hits: store.rateLimitHits,
        now: deps.now,
        logger: deps.logger,
      }),
    );
    return router;
  };
}

export { resumeLinksOnSubmitted } from './resume-links.ts';
