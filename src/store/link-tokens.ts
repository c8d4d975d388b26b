import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Queryable } from './database.ts';

/**
 * Tokens for links sent by email (the agency's notification link, the
 * applicant's save-and-return link).
 *
 * - 256 bits from the operating system's random source, written in the link
 *   as 43 base64url characters; only their SHA-256 is stored.
 * - Bound to one purpose and one subject (a draft, an agency notification):
 *   a token found for another purpose is no token at all.
 * - Valid until `expires_at`, unless revoked or used up; looking one up never
 *   changes it, so a mail scanner fetching the link first spends nothing.
 * - An optional check (something only the intended person knows) with a
 *   limit on wrong answers: at the limit the token is revoked.
 */

export const LINK_PURPOSES = ['resume-draft', 'agency-response'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

/** 32 random bytes in base64url: exactly 43 characters of [A-Za-z0-9_-]. */
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const isLinkTokenShaped = (value: unknown): value is string => typeof value === 'string' && LINK_TOKEN_PATTERN.test(value);

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export const hashLinkToken = (token: string): string => sha256(token);

/** The check's answer, salted with the token's id, as stored. Normalise the answer first (e.g. lower-case an email). */
const hashCheck = (tokenId: string, answer: string): string => sha256(`${tokenId}\u0000${answer}`);

const rowSchema = z
  .object({
    id: z.string(),
    purpose: z.enum(LINK_PURPOSES),
    subject_id: z.string(),
    check_hash: z.string().nullable(),
    failed_checks: z.number(),
    created_at: z.date(),
    expires_at: z.date(),
    revoked_at: z.date().nullable(),
    used_up_at: z.date().nullable(),
  })
  .transform((row) => ({
    id: row.id,
    purpose: row.purpose,
    subjectId: row.subject_id,
    hasCheck: row.check_hash !== null,
    failedChecks: row.failed_checks,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    usedUpAt: row.used_up_at,
  }));

export type LinkToken = z.infer<typeof rowSchema>;

const COLUMNS = 'id, purpose, subject_id, check_hash, failed_checks, created_at, expires_at, revoked_at, used_up_at';

export interface IssueLinkTokenInput {
  purpose: LinkPurpose;
  subjectId: string;
  expiresAt: Date;
  now: Date;
  /** The normalised answer to ask for before the link is redeemed, if any. */
  checkAnswer?: string;
}

export interface IssuedLinkToken {
  /** The secret for the link: shown once, never stored. */
  token: string;
  record: LinkToken;
}

export type CheckResult = { outcome: 'right' } | { outcome: 'wrong'; attemptsLeft: number } | { outcome: 'locked' };

export interface LinkTokenRepository {
  issue(tx: Queryable, input: IssueLinkTokenInput): Promise<IssuedLinkToken>;
  /**
   * The token's record when it may be used now for this purpose: not expired,
   * revoked or used up. Anything else (including a malformed token) is
   * undefined, so every bad link looks the same. Changes nothing.
   */
  findUsable(token: unknown, purpose: LinkPurpose, now: Date): Promise<LinkToken | undefined>;
  /**
   * Compares an answer with the token's check, counting wrong answers; at
   * `maxFailures` wrong answers the token is revoked. A token with no check
   * is always right.
   */
  check(tokenId: string, answer: string, maxFailures: number, now: Date): Promise<CheckResult>;
  /** Every usable token for the subject stops working (e.g. the response was submitted). Returns how many. */
  useUpForSubject(tx: Queryable, purpose: LinkPurpose, subjectId: string, now: Date): Promise<number>;
  /** An operator's revocation. Returns whether a usable token was revoked. */
  revoke(id: string, now: Date): Promise<boolean>;
  /** Every usable token for the subject is revoked. Returns how many. */
  revokeForSubject(tx: Queryable, purpose: LinkPurpose, subjectId: string, now: Date): Promise<number>;
  /** Tokens for a subject, newest first (operators, tests). */
  listForSubject(purpose: LinkPurpose, subjectId: string): Promise<LinkToken[]>;
}

const isUuid = (value: string): boolean => z.guid().safeParse(value).success;

/** Issues a token with `tx`, inside the caller's transaction (the repository's `issue`, for callers that hold only a transaction). */
export async function issueLinkToken(tx: Queryable, input: IssueLinkTokenInput): Promise<IssuedLinkToken> {
  const token = randomBytes(32).toString('base64url');
  const [inserted] = await tx.query(
    `INSERT INTO link_tokens (token_hash, purpose, subject_id, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [hashLinkToken(token), input.purpose, input.subjectId, input.now, input.expiresAt],
  );
  const { id } = z.object({ id: z.string() }).parse(inserted);
  const [row] =
    input.checkAnswer === undefined
      ? await tx.query(`SELECT ${COLUMNS} FROM link_tokens WHERE id = $1`, [id])
      : await tx.query(`UPDATE link_tokens SET check_hash = $2 WHERE id = $1 RETURNING ${COLUMNS}`, [id, hashCheck(id, input.checkAnswer)]);
  return { token, record: rowSchema.parse(row) };
}

export function createLinkTokenRepository(db: Queryable): LinkTokenRepository {
  return {
    issue: issueLinkToken,

    async findUsable(token, purpose, now) {
      if (!isLinkTokenShaped(token)) return undefined;
      const [row] = await db.query(
        `SELECT ${COLUMNS} FROM link_tokens
          WHERE token_hash = $1 AND purpose = $2 AND expires_at > $3 AND revoked_at IS NULL AND used_up_at IS NULL`,
        [hashLinkToken(token), purpose, now],
      );
      return row ? rowSchema.parse(row) : undefined;
    },

    async check(tokenId, answer, maxFailures, now) {
      if (!isUuid(tokenId)) return { outcome: 'locked' };
      const [row] = await db.query(`SELECT check_hash, failed_checks, revoked_at FROM link_tokens WHERE id = $1`, [tokenId]);
      const found = z.object({ check_hash: z.string().nullable(), failed_checks: z.number(), revoked_at: z.date().nullable() }).optional().parse(row);
      if (found === undefined) return { outcome: 'locked' };
      if (found.revoked_at !== null || found.failed_checks >= maxFailures) return { outcome: 'locked' };
      if (found.check_hash === null) return { outcome: 'right' };
      const given = Buffer.from(hashCheck(tokenId, answer), 'hex');
      if (timingSafeEqual(given, Buffer.from(found.check_hash, 'hex'))) return { outcome: 'right' };
      // Counted in one statement, so parallel wrong answers cannot get past the limit.
      const [counted] = await db.query(
        `UPDATE link_tokens
            SET failed_checks = failed_checks + 1,
                revoked_at = CASE WHEN failed_checks + 1 >= $2 THEN $3::timestamptz ELSE revoked_at END
          WHERE id = $1 AND revoked_at IS NULL AND failed_checks < $2
          RETURNING failed_checks`,
        [tokenId, maxFailures, now],
      );
      const failures = z.object({ failed_checks: z.number() }).optional().parse(counted);
      if (!failures || failures.failed_checks >= maxFailures) return { outcome: 'locked' };
      return { outcome: 'wrong', attemptsLeft: maxFailures - failures.failed_checks };
    },

    async useUpForSubject(tx, purpose, subjectId, now) {
      const rows = await tx.query(
        `UPDATE link_tokens SET used_up_at = $3 WHERE purpose = $1 AND subject_id = $2 AND used_up_at IS NULL AND revoked_at IS NULL RETURNING id`,
        [purpose, subjectId, now],
      );
      return rows.length;
    },

    async revoke(id, now) {
      if (!isUuid(id)) return false;
      const rows = await db.query(`UPDATE link_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL AND used_up_at IS NULL RETURNING id`, [id, now]);
      return rows.length > 0;
    },

    async revokeForSubject(tx, purpose, subjectId, now) {
      const rows = await tx.query(
        `UPDATE link_tokens SET revoked_at = $3 WHERE purpose = $1 AND subject_id = $2 AND revoked_at IS NULL AND used_up_at IS NULL RETURNING id`,
        [purpose, subjectId, now],
      );
      return rows.length;
    },

    async listForSubject(purpose, subjectId) {
      if (!isUuid(subjectId)) return [];
      const rows = await db.query(`SELECT ${COLUMNS} FROM link_tokens WHERE purpose = $1 AND subject_id = $2 ORDER BY created_at DESC, id`, [
        purpose,
        subjectId,
      ]);
      return rows.map((row) => rowSchema.parse(row));
    },
  };
}
