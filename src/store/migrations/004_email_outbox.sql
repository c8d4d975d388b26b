-- Emails: an outbox of its own beside the webhook's (same claim-and-lease
-- machinery, different rows). An email is written in the transaction that
-- causes it, claimed by an email worker under a lease, every attempt recorded.
--
-- A sibling table rather than rows in outbox_events: an email has a recipient,
-- a template and its words, need not belong to an application (operator
-- alerts, resume links belong to drafts), and must not wait while the webhook
-- endpoint is disabled.
CREATE TABLE email_outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- applicant-confirmation | agency-notification | resume-link | agency-confirmation | operator-alert
  kind text NOT NULL,
  -- the application it is about, if any (for support: npm run ops)
  application_id uuid REFERENCES applications (id),
  email_address text NOT NULL,
  language text NOT NULL CHECK (language IN ('en', 'cy')),
  -- Notify personalisation (the words and links), fixed when the email is
  -- written; erased once the email is sent, so that links with tokens do not
  -- stay in the database (kept while it has failed, to send it again).
  personalisation jsonb,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  created_at timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  attempts int NOT NULL DEFAULT 0,
  round_attempts int NOT NULL DEFAULT 0,
  -- as in outbox_events: the attempt holding the lease, and until when
  lease_token uuid,
  lease_expires_at timestamptz,
  delivered_at timestamptz,
  failed_at timestamptz,
  last_error text,
  -- the id Notify gave the notification
  provider_id text
);

CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX email_outbox_status_idx ON email_outbox (status, created_at);
CREATE INDEX email_outbox_application_idx ON email_outbox (application_id);

CREATE TABLE email_attempts (
  id uuid PRIMARY KEY,
  email_id uuid NOT NULL REFERENCES email_outbox (id) ON DELETE CASCADE,
  attempt int NOT NULL,
  worker text NOT NULL,
  -- notify | development
  transport text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  duration_ms int,
  status_code int,
  -- delivered | retry | failed
  outcome text,
  error text
);

CREATE INDEX email_attempts_email_idx ON email_attempts (email_id, started_at);

-- The development transport's mailbox (/dev/emails): what would have been
-- sent. One row per email at most, whatever happens to its attempts.
CREATE TABLE dev_emails (
  email_id uuid PRIMARY KEY REFERENCES email_outbox (id) ON DELETE CASCADE,
  kind text NOT NULL,
  email_address text NOT NULL,
  language text NOT NULL,
  template_id text,
  personalisation jsonb NOT NULL,
  sent_at timestamptz NOT NULL,
  -- the order they were kept in, for "newest first" when clocks agree
  position bigint GENERATED ALWAYS AS IDENTITY
);

CREATE INDEX dev_emails_position_idx ON dev_emails (position DESC);
