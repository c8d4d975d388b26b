import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashLinkToken, isLinkTokenShaped } from '../../src/store/link-tokens.ts';
import { engines, useStore } from './engines.ts';

const NOW = new Date('2026-12-01T10:00:00Z');
const LATER = new Date('2026-12-20T10:00:00Z');
const hour = (n: number) => new Date(NOW.getTime() + n * 3_600_000);

describe.each(engines)('link tokens on $name', (engine) => {
  const store = useStore(engine);
  const issue = (input: { purpose?: 'resume-draft' | 'agency-response'; subjectId?: string; checkAnswer?: string; expiresAt?: Date } = {}) =>
    store().linkTokens.issue(store().db, {
      purpose: input.purpose ?? 'agency-response',
      subjectId: input.subjectId ?? randomUUID(),
      expiresAt: input.expiresAt ?? LATER,
      now: NOW,
      checkAnswer: input.checkAnswer,
    });

  it('issues a 256-bit token and stores only its hash', async () => {
    const { token, record } = await issue();
    expect(isLinkTokenShaped(token)).toBe(true);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const rows = await store().db.query<{ token_hash: string }>('SELECT token_hash FROM link_tokens WHERE id = $1', [record.id]);
    expect(rows[0]?.token_hash).toBe(hashLinkToken(token));
    const dump = JSON.stringify(await store().db.query('SELECT * FROM link_tokens'));
    expect(dump).not.toContain(token);
  });

  it('finds a token for its own purpose only, and changes nothing by looking', async () => {
    const subjectId = randomUUID();
    const { token, record } = await issue({ subjectId });
    const first = await store().linkTokens.findUsable(token, 'agency-response', NOW);
    const second = await store().linkTokens.findUsable(token, 'agency-response', NOW);
    expect(first).toEqual(record);
    expect(second).toEqual(record);
    expect(first?.subjectId).toBe(subjectId);
    expect(await store().linkTokens.findUsable(token, 'resume-draft', NOW)).toBeUndefined();
  });

  it('finds nothing for a malformed, tampered, unknown or expired token', async () => {
    const { token } = await issue({ expiresAt: hour(1) });
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [undefined, '', 'short', `${token}x`, tampered, "' OR 1=1 --", 42]) {
      expect(await store().linkTokens.findUsable(bad, 'agency-response', NOW)).toBeUndefined();
    }
    expect(await store().linkTokens.findUsable(token, 'agency-response', hour(0.5))).toBeDefined();
    expect(await store().linkTokens.findUsable(token, 'agency-response', hour(1))).toBeUndefined();
  });

  it('stops a revoked token, and one whose subject is used up', async () => {
    const a = await issue();
    expect(await store().linkTokens.revoke(a.record.id, NOW)).toBe(true);
    expect(await store().linkTokens.revoke(a.record.id, NOW)).toBe(false);
    expect(await store().linkTokens.findUsable(a.token, 'agency-response', NOW)).toBeUndefined();

    const subjectId = randomUUID();
    const b = await issue({ subjectId });
    const c = await issue({ subjectId });
    expect(await store().linkTokens.useUpForSubject(store().db, 'agency-response', subjectId, NOW)).toBe(2);
    expect(await store().linkTokens.findUsable(b.token, 'agency-response', NOW)).toBeUndefined();
    expect(await store().linkTokens.findUsable(c.token, 'agency-response', NOW)).toBeUndefined();
    expect(await store().linkTokens.listForSubject('agency-response', subjectId)).toHaveLength(2);
  });

  it('revokes every token for a subject', async () => {
    const subjectId = randomUUID();
    const a = await issue({ subjectId, purpose: 'resume-draft' });
    await issue({ subjectId, purpose: 'resume-draft' });
    expect(await store().linkTokens.revokeForSubject(store().db, 'resume-draft', subjectId, NOW)).toBe(2);
    expect(await store().linkTokens.findUsable(a.token, 'resume-draft', NOW)).toBeUndefined();
  });

  it('checks an answer, counting wrong ones, and locks the token at the limit', async () => {
    const { token, record } = await issue({ checkAnswer: 'ada@example.com', purpose: 'resume-draft' });
    expect(record.hasCheck).toBe(true);
    const { linkTokens } = store();
    expect(await linkTokens.check(record.id, 'someone@example.com', 3, NOW)).toEqual({ outcome: 'wrong', attemptsLeft: 2 });
    expect(await linkTokens.check(record.id, 'ada@example.com', 3, NOW)).toEqual({ outcome: 'right' });
    expect(await linkTokens.check(record.id, 'x', 3, NOW)).toEqual({ outcome: 'wrong', attemptsLeft: 1 });
    expect(await linkTokens.check(record.id, 'y', 3, NOW)).toEqual({ outcome: 'locked' });
    // Locked: even the right answer is refused, and the link opens nothing.
    expect(await linkTokens.check(record.id, 'ada@example.com', 3, NOW)).toEqual({ outcome: 'locked' });
    expect(await linkTokens.findUsable(token, 'resume-draft', NOW)).toBeUndefined();
  });

  it('holds the limit on wrong answers sent in parallel', async () => {
    const { record } = await issue({ checkAnswer: 'right' });
    const results = await Promise.all(Array.from({ length: 10 }, () => store().linkTokens.check(record.id, 'wrong', 5, NOW)));
    expect(results.filter((r) => r.outcome === 'wrong')).toHaveLength(4);
    const [row] = await store().db.query<{ failed_checks: number }>('SELECT failed_checks FROM link_tokens WHERE id = $1', [record.id]);
    expect(row?.failed_checks).toBe(5);
  });

  it('treats a token without a check as always right', async () => {
    const { record } = await issue();
    expect(record.hasCheck).toBe(false);
    expect(await store().linkTokens.check(record.id, 'anything', 3, NOW)).toEqual({ outcome: 'right' });
  });
});
