-- Links sent by email that let someone in without a session: the agency's
-- notification link and the applicant's save-and-return link. Only a hash of
-- each token is kept, so a copy of the database opens nothing.
CREATE TABLE link_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- SHA-256 (hex) of the 256-bit random token in the link
  token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  -- what the link is for; a token is refused for any other purpose
  purpose text NOT NULL CHECK (purpose IN ('resume-draft', 'agency-response')),
  -- what it opens: a draft (resume-draft) or an agency notification (agency-response)
  subject_id uuid NOT NULL,
  -- a salted SHA-256 of the answer to a check asked before the link is redeemed
  -- (e.g. the applicant's email address); null when the link asks nothing
  check_hash text,
  failed_checks int NOT NULL DEFAULT 0 CHECK (failed_checks >= 0),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  -- an operator revoked it, or too many wrong answers to its check
  revoked_at timestamptz,
  -- what it opened is finished (the response submitted): the link opens nothing any more
  used_up_at timestamptz
);

CREATE INDEX link_tokens_subject_idx ON link_tokens (purpose, subject_id);
