import { Router } from 'express';
import type { DevEmail, EmailOutbox } from '../store/email-outbox.ts';

/**
 * `/dev/emails`: the development transport's mailbox, newest first, each
 * email's body drawn from the same personalisation Notify would get. Mounted
 * only outside production (see buildService).
 */

export const DEV_EMAILS_PATH = '/dev/emails';

/** A run of text, or a link in it. */
export type Inline = { text: string } | { text: string; href: string };
export type BodyBlock = { heading: Inline[] } | { paragraph: Inline[] } | { bullets: Inline[][] };

const LINK = /\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)|(https?:\/\/[^\s<>]+[^\s<>.,;:!?)])/g;

/** Text with Notify's links (bare URLs and `[text](url)`) picked out. */
export function inlines(text: string): Inline[] {
  const parts: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    const href = match[2] ?? match[3] ?? '';
    parts.push({ text: match[1] ?? href, href });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** Notify's formatting (the subset messages.ts writes) as blocks for the template; nunjucks escapes every text. */
export function bodyBlocks(body: string): BodyBlock[] {
  return body
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block !== '')
    .map((block): BodyBlock => {
      if (block.startsWith('# ')) return { heading: inlines(block.slice(2)) };
      const lines = block.split('\n');
      if (lines.every((line) => /^[*-] /.test(line))) return { bullets: lines.map((line) => inlines(line.slice(2))) };
      return { paragraph: inlines(lines.join(' ')) };
    });
}

export interface DevEmailView {
  id: string;
  kind: string;
  to: string;
  language: string;
  templateId: string | null;
  sentAt: string;
  subject: string;
  body: BodyBlock[];
}

export function devEmailView(email: DevEmail): DevEmailView {
  return {
    id: email.emailId,
    kind: email.kind,
    to: email.emailAddress,
    language: email.language,
    templateId: email.templateId,
    sentAt: email.sentAt.toISOString(),
    subject: email.personalisation.subject ?? '',
    body: bodyBlocks(email.personalisation.body ?? ''),
  };
}

export function devEmailsPage(outbox: Pick<EmailOutbox, 'devEmails'>): Router {
  const router = Router();
  router.get(DEV_EMAILS_PATH, async (_req, res) => {
    const emails = await outbox.devEmails();
    res.set('Cache-Control', 'no-store');
    res.render('dev/emails.njk', { emails: emails.map(devEmailView) });
  });
  return router;
}
