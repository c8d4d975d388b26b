import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { radiosField } from '../../src/engine/fields/choice.ts';
import { defineJourney } from '../../src/engine/journey.ts';
import type { JourneyDefinition } from '../../src/journeys/definition.ts';
import { applyJourney } from '../../src/journeys/irm/index.ts';
import { createEmailOutbox } from '../../src/store/email-outbox.ts';
import { hashLinkToken } from '../../src/store/link-tokens.ts';
import { i18n } from '../../src/web/i18n.ts';
import { aboutYou, fosteringEligibility, fosteringOnTime, letterOn, theAgency } from './answers.ts';
import { Applicant, csrfTokenIn, errorSummaryOf, FIXED_NOW, h1Of, startService, type Form, type TestService } from './harness.ts';

/**
 * Save and return, as people (and mail scanners, and scripts) meet it: "Save
 * and come back later" on the question pages, the save page, the email, the
 * link with its check, the new session, and every way a link stops working.
 */

const DAY = 24 * 60 * 60 * 1000;
/** The service's clock, which a test may move on (and must put back). */
const clock = {
  at: FIXED_NOW.getTime(),
  now: (): Date => new Date(clock.at),
  advance(ms: number): void {
    clock.at += ms;
  },
  reset(): void {
    clock.at = FIXED_NOW.getTime();
  },
};
const logLines: string[] = [];
const capturingLogger = pino(
  { level: 'info' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  }),
);
/** Every token issued in this file, to look for in the log at the end. */
const issuedTokens = new Set<string>();

/** A journey beside the applicant's that does not ask for "Save and come back later". */
const NAMESPACE = 'test-no-save';
for (const lang of ['en', 'cy'] as const) {
  i18n.addResourceBundle(lang, NAMESPACE, {
    fields: { pick: { label: 'Pick', options: { a: { label: 'A' }, b: { label: 'B' } }, errors: { required: 'Pick one' } } },
  });
}
const plain: JourneyDefinition = {
  id: NAMESPACE,
  basePath: '/plain',
  namespace: NAMESPACE,
  build: () => ({
    journey: defineJourney({
      id: NAMESPACE,
      version: '1',
      basePath: '/plain',
      namespace: NAMESPACE,
      start: 'pick',
      steps: [
        { id: 'pick', kind: 'question', fields: [radiosField('pick', ['a', 'b'])], next: 'check-answers' },
        { id: 'check-answers', kind: 'check-answers' },
      ],
      derive: {},
    }),
    submissions: { submit: () => Promise.resolve({ reference: 'X' }), confirmation: () => Promise.resolve(undefined) },
    routers: [express.Router()],
  }),
};

const MAX_ATTEMPTS = 3;
/** Sends of links a client may make an hour: above what the rest of this file does from 127.0.0.1. */
const LINKS_PER_IP = 30;
const OPENS_PER_IP = 60;
let service: TestService;
beforeAll(async () => {
  // One service for the file: building one takes seconds.
  service = await startService({
    now: clock.now,
    logger: capturingLogger,
    journeys: [applyJourney, plain],
    env: {
      RESUME_CHECK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      RESUME_LINKS_PER_IP_PER_HOUR: String(LINKS_PER_IP),
      RESUME_LINK_OPENS_PER_IP_PER_HOUR: String(OPENS_PER_IP),
      // The rate limits' tests come from addresses of their own (X-Forwarded-For, trusted from loopback).
      TRUST_PROXY: 'loopback',
    },
  });
});
afterAll(async () => {
  await service.close();
});

const SAVE = { _saveForLater: 'yes' };
/** HTML with every run of white space as one space, to read markup the templates indent. */
const squash = (html: string): string => html.replace(/\s+/g, ' ');
const TOKEN_LINK = /http:\/\/localhost:3000(\/apply\/return\/([A-Za-z0-9_-]{43})(?:\?lang=cy)?)/;

interface Email {
  subject: string;
  body: string;
  language: string;
}

const tokenIn = (body: string): { path: string; token: string } => {
  const match = TOKEN_LINK.exec(body);
  if (!match?.[1] || !match[2]) throw new Error(`No link in the email: ${body}`);
  issuedTokens.add(match[2]);
  return { path: match[1], token: match[2] };
};

const pause = () => new Promise((resolve) => setTimeout(resolve, 50));

/** The resume-link emails to `to` that the email worker has "sent" to the development mailbox, and how many were written. */
async function mailbox(to: string, on: TestService) {
  const outbox = createEmailOutbox(on.store.db);
  const kept = (await outbox.devEmails()).filter((e) => e.kind === 'resume-link' && e.emailAddress === to);
  const written = (await outbox.list({ limit: 1000 })).filter((e) => e.kind === 'resume-link' && e.emailAddress === to).length;
  return { kept, written };
}

/** Waits until every resume-link email to `to` has been sent; the tokens in them. */
async function tokensSentTo(to: string, on: TestService): Promise<Set<string>> {
  for (let tries = 0; tries < 100; tries += 1) {
    const { kept, written } = await mailbox(to, on);
    if (kept.length === written) return new Set(kept.map((e) => tokenIn(e.personalisation.body ?? '').token));
    await pause();
  }
  throw new Error(`The emails to ${to} were not all sent`);
}

/** The resume-link email to `to` whose link is none of `seen`, once the email worker has "sent" it. */
async function newEmailTo(to: string, seen: ReadonlySet<string>, on: TestService): Promise<Email & { path: string; token: string }> {
  for (let tries = 0; tries < 100; tries += 1) {
    for (const email of (await mailbox(to, on)).kept) {
      const body = email.personalisation.body ?? '';
      const link = tokenIn(body);
      if (!seen.has(link.token)) return { subject: email.personalisation.subject ?? '', body, language: email.language, ...link };
    }
    await pause();
  }
  throw new Error(`No new resume-link email to ${to}`);
}

async function countEmailsTo(to: string, on: TestService = service): Promise<number> {
  return (await mailbox(to, on)).written;
}

/** Presses "Save and come back later" on a page with `form` filled in. */
async function saveFrom(person: Applicant, step: string, form: Form = {}): Promise<Response> {
  const res = await person.answer(`/apply/${step}`, { ...form, ...SAVE });
  expect(res.status, errorSummaryOf(res.text).join()).toBe(303);
  expect(res.headers.location).toBe(`/apply/save?return=${encodeURIComponent(`/apply/${step}`)}`);
  return res;
}

/** On the save page (reached from `from`), sends the link to `email`; returns the email once "sent". */
async function sendLink(person: Applicant, email: string, from?: string, on: TestService = service) {
  const seen = await tokensSentTo(email.trim(), on);
  const savePage = from ? `/apply/save?return=${encodeURIComponent(from)}` : '/apply/save';
  const res = await person.answer(savePage, { email });
  expect(res.status, errorSummaryOf(res.text).join()).toBe(303);
  expect(res.headers.location).toBe(from ? `/apply/save/sent?return=${encodeURIComponent(from)}` : '/apply/save/sent');
  return newEmailTo(email.trim(), seen, on);
}

/** The draft holding the applicant's email address `email`. */
async function draftWithEmail(email: string): Promise<string> {
  const [row] = await service.store.db.query<{ id: string }>(`SELECT id FROM drafts WHERE answers -> 'applicant-contact' ->> 'email' = $1`, [email]);
  if (!row) throw new Error(`No draft with ${email}`);
  return row.id;
}

/** The session id in a response's session cookie, if it sets one. */
function sessionIdSetBy(res: Response): string | undefined {
  const cookies: string[] = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const value = cookies
    .find((c) => c.startsWith('irm.sid='))
    ?.split(';')[0]
    ?.slice('irm.sid='.length);
  // s:<id>.<signature>
  return value === undefined ? undefined : /^s:([^.]+)\./.exec(decodeURIComponent(value))?.[1];
}

const toEvidence: ReadonlyArray<readonly [string, Form]> = [
  ...fosteringEligibility,
  ['letter-date', letterOn(10, 11, 2026)],
  ['deadline', {}],
  ...aboutYou,
  ...theAgency,
  ['decision-details', { decisionDetails: 'The panel said we were not suitable.' }],
  ['disagree-reasons', { disagreeReasons: 'They left out our experience.' }],
];

/** Someone who has answered up to the evidence page and uploaded their decision letter, with their own address. */
async function applicantWithALetter(email: string): Promise<Applicant> {
  const person = new Applicant(service.app);
  await person.answerAll(toEvidence.map(([path, form]) => (path === 'applicant-contact' ? [path, { ...form, email }] : [path, form])));
  const { sampleFile } = await import('../support/sample-files.ts');
  const uploaded = await person.upload('/apply/evidence', 'decisionLetter', sampleFile('decision-letter.pdf'));
  expect(uploaded.status).toBe(303);
  return person;
}

describe('"Save and come back later" on a question page', () => {
  it('is a secondary button after Continue on each question page and on the evidence page; the timeout dialog leads to the save page', async () => {
    const person = await applicantWithALetter('button@example.com');
    for (const path of ['/apply/letter-date', '/apply/applicant-contact', '/apply/evidence']) {
      const page = await person.get(path);
      expect(page.status, path).toBe(200);
      const html = squash(page.text);
      const continueAt = html.lastIndexOf('class="govuk-button" data-module="govuk-button"> Continue </button>');
      const saveAt = html.indexOf('name="_saveForLater" data-prevent-double-click="true" class="govuk-button govuk-button--secondary"');
      expect(continueAt, path).toBeGreaterThan(0);
      expect(saveAt, path).toBeGreaterThan(continueAt);
      expect(page.text).toContain('Save and come back later');
      expect(page.text).toContain(`href="/apply/save?return=${encodeURIComponent(path)}">Save and come back later</a>`);
      expect(page.text).toContain('To get back to them after your session ends, select ‘Save and come back later’ and we will email you a link.');
    }
  });

  it('saves a valid answer and goes to the save page; coming back lands on the next question', async () => {
    const person = new Applicant(service.app);
    await person.answerAll(fosteringEligibility);
    await saveFrom(person, 'letter-date', letterOn(10, 11, 2026));
    const save = await person.get('/apply/save?return=%2Fapply%2Fletter-date');
    expect(save.status).toBe(200);
    expect(h1Of(save.text)).toBe('Save your application and come back later');
    expect(save.text).toContain('<a href="/apply/letter-date" class="govuk-back-link">Back</a>');
    expect((await person.get('/apply')).headers.location).toBe('/apply/deadline');
  });

  it('with a wrong answer on the page: saves the valid answers only, and the page is asked again', async () => {
    const person = new Applicant(service.app);
    await person.answerAll([...fosteringEligibility, ['letter-date', letterOn(10, 11, 2026)], ['deadline', {}], ...aboutYou.slice(0, 2)]);
    await saveFrom(person, 'applicant-contact', { email: 'partly@example.com', phone: 'not a phone' });
    const page = await person.get('/apply/applicant-contact');
    expect(page.text).toContain('value="partly@example.com"');
    expect((await person.get('/apply')).headers.location).toBe('/apply/applicant-contact');
    // The save page offers the address given so far, to confirm.
    const save = await person.get('/apply/save');
    expect(squash(save.text)).toMatch(
      /<input class="govuk-input govuk-!-width-two-thirds" id="email" name="email" type="email" spellcheck="false" value="partly@example.com"/,
    );
  });

  it('a page of optional questions with a wrong answer is not counted as answered', async () => {
    const person = new Applicant(service.app);
    await person.answerAll([...fosteringEligibility, ['letter-date', letterOn(10, 11, 2026)], ['deadline', {}], ...aboutYou, ...theAgency.slice(0, 1)]);
    await saveFrom(person, 'social-worker', { socialWorkerName: 'Pat Lee', socialWorkerEmail: 'pat@' });
    expect((await person.get('/apply')).headers.location).toBe('/apply/social-worker');
  });

  it('on the first page with nothing answered: the link still brings the person back to it', async () => {
    const person = new Applicant(service.app);
    await saveFrom(person, 'decision-about');
    const email = await sendLink(person, 'first-page@example.com', '/apply/decision-about');
    const returning = new Applicant(service.app);
    await returning.get(email.path).expect(200);
    const back = await returning.post(email.path, { email: 'first-page@example.com' }, csrfTokenIn((await returning.get(email.path)).text));
    expect(back.headers.location).toBe('/apply');
    expect((await returning.get('/apply')).headers.location).toBe('/apply/decision-about');
  });
});

describe('the save page', () => {
  it('refuses an empty or a wrong email address with the GOV.UK error summary and message (422)', async () => {
    const person = new Applicant(service.app);
    await person.answerAll(fosteringEligibility.slice(0, 1));
    for (const [email, message] of [
      ['', 'Enter the email address to send the link to'],
      ['sam@', 'Enter an email address in the correct format, like name@example.com'],
      [`${'a'.repeat(250)}@example.com`, 'Email address must be 254 characters or fewer'],
    ] as const) {
      const res = await person.answer('/apply/save', { email });
      expect(res.status).toBe(422);
      expect(errorSummaryOf(res.text)).toEqual([`#email ${message}`]);
      expect(squash(res.text)).toContain(`<p id="email-error" class="govuk-error-message"> <span class="govuk-visually-hidden">Error:</span> ${message} </p>`);
      expect(res.text).toMatch(/<title>Error: Save your application and come back later/);
      if (email) expect(res.text).toContain(`value="${email}"`);
    }
    expect(await countEmailsTo('sam@')).toBe(0);
  });

  it('sends the email: a working link and the day the answers will be deleted; "Check your email" shows the address', async () => {
    const person = new Applicant(service.app);
    await person.answerAll(fosteringEligibility);
    await saveFrom(person, 'letter-date', letterOn(10, 11, 2026));
    const email = await sendLink(person, ' Kim.Lee@Example.com ', '/apply/letter-date');
    // 22 November 2026 + 28 days.
    expect(email.subject).toBe('Continue your application for an independent review');
    expect(email.body).toContain(`To continue your application, use this link: http://localhost:3000${email.path}`);
    expect(email.body).toContain(
      'We will delete your answers and any files you uploaded on 20 December 2026 if you have not gone back to your application before then.',
    );
    expect(email.body).toContain('We will ask you for this email address when you use the link.');
    expect(email.language).toBe('en');
    // Only its hash is stored, bound to the draft and the purpose.
    const [row] = await service.store.db.query<{ token_hash: string; purpose: string; check_hash: string | null }>(
      'SELECT token_hash, purpose, check_hash FROM link_tokens WHERE token_hash = $1',
      [hashLinkToken(email.token)],
    );
    expect(row).toMatchObject({ purpose: 'resume-draft' });
    expect(row?.check_hash).toMatch(/^[0-9a-f]{64}$/);

    const sent = await person.get('/apply/save/sent?return=%2Fapply%2Fletter-date');
    expect(sent.status).toBe(200);
    expect(sent.headers['cache-control']).toBe('no-store');
    expect(h1Of(sent.text)).toBe('Check your email');
    expect(sent.text).toContain('data-sent-to>Kim.Lee@Example.com</p>');
    expect(sent.text).toContain('on 20 December 2026 if you have not come back');
    expect(sent.text).toContain('href="/apply/save?return=%2Fapply%2Fletter-date">send the link again</a>');
    expect(sent.text).toMatch(/<a href="\/apply\/letter-date" role="button"[^>]*class="govuk-button"/);
  });
});

describe('the link', () => {
  it('opening it (twice, as a mail scanner would) changes nothing; the right address then opens the application in a new session, every answer and file intact', async () => {
    const person = await applicantWithALetter('sam.jones@example.com');
    const draftId = await draftWithEmail('sam.jones@example.com');
    const answersBefore = (await service.store.drafts.get(draftId))?.answers;
    // From the evidence page, after uploading the letter.
    const saved = await person.answer('/apply/evidence', { action: 'continue', ...SAVE });
    expect(saved.headers.location).toBe('/apply/save?return=%2Fapply%2Fevidence');
    const email = await sendLink(person, 'sam.jones@example.com', '/apply/evidence');

    const tokenRow = () => service.store.db.query('SELECT * FROM link_tokens WHERE token_hash = $1', [hashLinkToken(email.token)]);
    const draftRow = () => service.store.db.query('SELECT * FROM drafts WHERE id = $1', [draftId]);
    const [tokenBefore, draftBefore] = [await tokenRow(), await draftRow()];

    const elsewhere = new Applicant(service.app);
    const first = await elsewhere.get(email.path);
    const second = await elsewhere.get(email.path);
    for (const opened of [first, second]) {
      expect(opened.status).toBe(200);
      expect(h1Of(opened.text)).toBe('Continue your application');
      expect(opened.headers['cache-control']).toBe('no-store');
      expect(opened.headers['referrer-policy']).toBe('no-referrer');
      // Nothing of the application is shown before the check.
      expect(opened.text).not.toContain('sam.jones@example.com');
      expect(opened.text).not.toContain('decision-letter.pdf');
    }
    expect(await tokenRow()).toEqual(tokenBefore);
    expect(await draftRow()).toEqual(draftBefore);

    // Opening it starts no session either: the right address does.
    expect(sessionIdSetBy(first)).toBeUndefined();
    expect(sessionIdSetBy(second)).toBeUndefined();
    const back = await elsewhere.post(email.path, { email: '  SAM.Jones@example.com' }, csrfTokenIn(second.text));
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe('/apply');
    expect(sessionIdSetBy(back)).toBeDefined();

    // Where they left: the evidence page (its Continue not yet pressed), with everything before it as it was.
    expect((await elsewhere.get('/apply')).headers.location).toBe('/apply/evidence');
    expect((await service.store.drafts.get(draftId))?.answers).toEqual(answersBefore);
    expect((await elsewhere.get('/apply/applicant-name')).text).toContain('value="Sam Jones"');
    const evidence = await elsewhere.get('/apply/evidence');
    expect(evidence.text).toContain('>decision-letter.pdf</a>');
    const [file] = await service.evidence.files.list(draftId);
    expect((await elsewhere.get(`/apply/evidence/files/${file?.id ?? ''}`)).status).toBe(200);
  });

  it('the check: a wrong address is refused and counted, a missing one is not; at the limit the link stops working', async () => {
    const person = new Applicant(service.app);
    await person.answerAll(fosteringEligibility);
    await saveFrom(person, 'letter-date', letterOn(10, 11, 2026));
    const email = await sendLink(person, 'check@example.com');
    const stranger = new Applicant(service.app);
    const page = await stranger.get(email.path);
    const csrf = csrfTokenIn(page.text);

    const wrong1 = await stranger.post(email.path, { email: 'someone@example.com' }, csrf);
    expect(wrong1.status).toBe(422);
    expect(errorSummaryOf(wrong1.text)).toEqual(['#email The email address does not match the one we sent this link to']);
    expect(wrong1.text).toContain('You can try 2 more times. After that, this link will stop working.');
    expect(wrong1.text).toContain('value="someone@example.com"');

    const empty = await stranger.post(email.path, { email: '' }, csrf);
    expect(empty.status).toBe(422);
    expect(errorSummaryOf(empty.text)).toEqual(['#email Enter the email address we sent this link to']);

    const wrong2 = await stranger.post(email.path, { email: 'someone@example.com' }, csrf);
    expect(wrong2.text).toContain('You can try 1 more time. After that, this link will stop working.');

    const locked = await stranger.post(email.path, { email: 'other@example.com' }, csrf);
    expect(locked.status).toBe(403);
    expect(h1Of(locked.text)).toBe('This link no longer works');
    expect(locked.text).toContain('You can start your application again.');
    expect(locked.text).toContain('help@example.com');
    expect(locked.headers['cache-control']).toBe('no-store');

    // Dead now, even with the right address.
    expect((await stranger.get(email.path)).status).toBe(404);
    expect((await stranger.post(email.path, { email: 'check@example.com' }, csrf)).status).toBe(404);
    expect((await new Applicant(service.app).get(email.path)).status).toBe(404);
  });

  it('a new link for the same application stops the earlier one', async () => {
    const person = new Applicant(service.app);
    await saveFrom(person, 'decision-about', { decisionAbout: 'fostering' });
    const first = await sendLink(person, 'typo@exmaple.com');
    const second = await sendLink(person, 'right@example.com');
    expect((await new Applicant(service.app).get(first.path)).status).toBe(404);
    expect((await new Applicant(service.app).get(second.path)).status).toBe(200);
  });

  it('stops working once the application is sent', async () => {
    const person = new Applicant(service.app);
    await person.answerAll(fosteringOnTime.slice(0, 12));
    const [path, form] = fosteringOnTime[12] ?? ['', {}];
    await saveFrom(person, path, form);
    const email = await sendLink(person, 'sam@example.com');
    await person.answerAll(fosteringOnTime.slice(12));
    const sent = await person.answer('/apply/check-answers');
    expect(sent.headers.location).toBe('/apply/confirmation');

    const later = new Applicant(service.app);
    expect((await later.get(email.path)).status).toBe(404);
    const [row] = await service.store.db.query<{ used_up_at: Date | null }>('SELECT used_up_at FROM link_tokens WHERE token_hash = $1', [
      hashLinkToken(email.token),
    ]);
    expect(row?.used_up_at).toBeInstanceOf(Date);
  });

  it('every link that opens nothing gets the same page and status, whatever the reason', async () => {
    const ask = async (email: string) => {
      const person = new Applicant(service.app);
      await saveFrom(person, 'decision-about', { decisionAbout: 'adoption' });
      return { person, link: await sendLink(person, email) };
    };
    const replaced = await ask('replaced@example.com');
    await sendLink(replaced.person, 'replaced@example.com');
    const locked = await ask('locked@example.com');
    const stranger = new Applicant(service.app);
    const csrf = csrfTokenIn((await stranger.get(locked.link.path)).text);
    for (let i = 0; i < MAX_ATTEMPTS; i += 1) await stranger.post(locked.link.path, { email: 'x@example.com' }, csrf);
    const deleted = await ask('deleted@example.com');
    await service.store.db.query(`DELETE FROM drafts WHERE id = (SELECT subject_id FROM link_tokens WHERE token_hash = $1)`, [
      hashLinkToken(deleted.link.token),
    ]);
    const tampered = `${replaced.link.token.slice(0, -1)}${replaced.link.token.endsWith('A') ? 'B' : 'A'}`;

    const bad = [
      '/apply/return/abc',
      `/apply/return/${'A'.repeat(43)}`,
      `/apply/return/${tampered}`,
      replaced.link.path,
      locked.link.path,
      deleted.link.path,
      `/apply/return/${replaced.link.token}x`,
    ];
    const mainOf = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0];
    const pages = await Promise.all(bad.map((path) => new Applicant(service.app).get(path)));
    for (const [i, page] of pages.entries()) {
      expect(page.status, bad[i]).toBe(404);
      expect(h1Of(page.text), bad[i]).toBe('This link does not work');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(mainOf(page.text)).toBe(mainOf(pages[0]?.text ?? ''));
    }
    // And a form sent to one: the same.
    const post = await stranger.post(replaced.link.path, { email: 'replaced@example.com' }, csrf);
    expect(post.status).toBe(404);
    expect(mainOf(post.text)).toBe(mainOf(pages[0]?.text ?? ''));
  });

  it('a draft past its retention time opens nothing, even before the job has deleted it', async () => {
    const person = new Applicant(service.app);
    await saveFrom(person, 'decision-about', { decisionAbout: 'fostering' });
    const email = await sendLink(person, 'late@example.com');
    try {
      clock.advance(28 * DAY - 1000);
      expect((await new Applicant(service.app).get(email.path)).status).toBe(200);
      clock.advance(1000);
      expect((await new Applicant(service.app).get(email.path)).status).toBe(404);
    } finally {
      clock.reset();
    }
  });

  it('coming back restarts the deletion clock', async () => {
    const person = new Applicant(service.app);
    await saveFrom(person, 'decision-about', { decisionAbout: 'fostering' });
    const email = await sendLink(person, 'restart@example.com');
    const [token] = await service.store.db.query<{ subject_id: string }>('SELECT subject_id FROM link_tokens WHERE token_hash = $1', [
      hashLinkToken(email.token),
    ]);
    try {
      clock.advance(20 * DAY);
      const returning = new Applicant(service.app);
      const back = await returning.post(email.path, { email: 'restart@example.com' }, csrfTokenIn((await returning.get(email.path)).text));
      expect(back.status).toBe(303);
      clock.advance(20 * DAY);
      // 40 days after the link was sent, 20 after coming back: not yet due, and the link still works.
      const draft = await service.store.drafts.get(token?.subject_id ?? '');
      expect(draft?.updatedAt).toEqual(new Date(FIXED_NOW.getTime() + 20 * DAY));
      expect((await new Applicant(service.app).get(email.path)).status).toBe(200);
    } finally {
      clock.reset();
    }
  });

  it('never appears in the log: the request log shows [token]', () => {
    const log = logLines.join('');
    expect(issuedTokens.size).toBeGreaterThan(5);
    for (const token of issuedTokens) expect(log).not.toContain(token);
    expect(log).toContain('"path":"/apply/return/[token]"');
  });
});

describe('in Welsh', () => {
  it('the button, the save page and its errors, the email (with a Welsh link and date), the link’s page and the way back', async () => {
    const person = new Applicant(service.app);
    const first = await person.get('/apply/decision-about?lang=cy');
    expect(first.text).toContain('Cadw a dod yn ôl yn nes ymlaen');
    await saveFrom(person, 'decision-about', { decisionAbout: 'adoption' });

    const save = await person.get('/apply/save');
    expect(save.text).toContain('<html lang="cy"');
    expect(h1Of(save.text)).toBe('Cadw eich cais a dod yn ôl yn nes ymlaen');
    expect(save.text).toContain('ar 20 Rhagfyr 2026');
    const refused = await person.answer('/apply/save', { email: 'dim' });
    expect(errorSummaryOf(refused.text)).toEqual(['#email Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com']);

    const email = await sendLink(person, 'cymraeg@example.com');
    expect(email.language).toBe('cy');
    expect(email.subject).toBe('Parhau â’ch cais am adolygiad annibynnol');
    expect(email.path).toMatch(/\?lang=cy$/);
    expect(email.body).toContain('ar 20 Rhagfyr 2026');
    expect(h1Of((await person.get('/apply/save/sent')).text)).toBe('Gwiriwch eich e-bost');

    const returning = new Applicant(service.app);
    const page = await returning.get(email.path);
    expect(page.text).toContain('<html lang="cy"');
    expect(h1Of(page.text)).toBe('Parhau â’ch cais');
    const wrong = await returning.post(email.path.split('?')[0] ?? '', { email: 'arall@example.com' }, csrfTokenIn(page.text));
    expect(errorSummaryOf(wrong.text)).toEqual(['#email Nid yw’r cyfeiriad e-bost yn cyd-fynd â’r un y gwnaethom anfon y ddolen hon ato']);
    expect(wrong.text).toContain('Nifer y cynigion sydd gennych ar ôl: 2.');
    await returning.post(email.path.split('?')[0] ?? '', { email: 'cymraeg@example.com' }, csrfTokenIn(page.text)).expect(303);
    // The new session keeps the language.
    const next = await returning.get('/apply/agency-country');
    expect(next.text).toContain('<html lang="cy"');
  });
});

describe('the rate limits', () => {
  /** Someone at `ip` (as the proxy in front of the service would say). */
  const from = (ip: string): Applicant => {
    const person = new Applicant(service.app);
    person.agent.set('X-Forwarded-For', ip);
    return person;
  };
  const send = (person: Applicant, email: string) => person.answer('/apply/save', { email });

  it('on sending links to one address, from anywhere: the GOV.UK page with 429', async () => {
    const addresses = ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4', '198.51.100.5', '198.51.100.6'];
    const people = addresses.map(from);
    for (const person of people.slice(0, 5)) expect((await send(person, ' Limit@example.com')).status).toBe(303);
    const refused = await send(people[5] ?? from('0.0.0.0'), 'limit@EXAMPLE.com');
    expect(refused.status).toBe(429);
    expect(h1Of(refused.text)).toBe('You have tried too many times');
    expect(refused.text).toContain('Wait 60 minutes, then try again.');
    expect(refused.headers['cache-control']).toBe('no-store');
    expect(await countEmailsTo('Limit@example.com')).toBe(5);
  });

  it('on sending links from one client, whatever the address', async () => {
    const person = from('198.51.100.20');
    for (let i = 0; i < LINKS_PER_IP; i += 1) expect((await send(person, `client${i}@example.com`)).status).toBe(303);
    const refused = await send(person, 'one-more@example.com');
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('You have tried too many times');
    expect(await countEmailsTo('one-more@example.com')).toBe(0);
  });

  it('on opening links and answering their check, per client', async () => {
    const opener = from('198.51.100.30');
    const path = `/apply/return/${'B'.repeat(43)}`;
    const csrf = csrfTokenIn((await opener.get('/apply/decision-about')).text);
    for (let i = 0; i < OPENS_PER_IP - 1; i += 1) expect((await opener.get(path)).status).toBe(404);
    expect((await opener.post(path, { email: 'a@example.com' }, csrf)).status).toBe(404);
    const refused = await opener.get(path);
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('You have tried too many times');
    expect((await opener.post(path, { email: 'a@example.com' }, csrf)).status).toBe(429);
    // Someone else is not held up.
    expect((await from('198.51.100.31').get(path)).status).toBe(404);
  });
});

describe('a journey that does not ask for it', () => {
  it('has no button, no save page and the session-timeout stand-in, while the applicant’s journey has them', async () => {
    const person = new Applicant(service.app);
    // With a session (its first answer saved): the timeout dialog, and its link, come with one.
    expect((await person.answer('/plain/pick', { pick: 'a' })).status).toBe(303);
    const page = await person.get('/plain/pick');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('_saveForLater');
    expect(page.text).toContain('href="/session/come-back-later?return=%2Fplain%2Fpick"');
    expect((await person.get('/plain/save')).status).toBe(404);
    expect((await person.get('/apply/decision-about')).text).toContain('_saveForLater');
  });
});
