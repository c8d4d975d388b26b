-- The agency's part: the notifications sent to an agency about an
-- application (each with its own link, src/store/link-tokens.ts, purpose
-- 'agency-response', subject = the notification's id), and the responses
-- agencies send back through those links.

CREATE TABLE agency_notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id uuid NOT NULL REFERENCES applications (id),
  -- An address the service trusts: checked by a caseworker, or from the
  -- agency directory. Never one only the applicant typed.
  email_address text NOT NULL CHECK (email_address <> '' AND length(email_address) <= 320),
  -- who it is addressed to, if the caller said (e.g. the agency's team)
  recipient_name text CHECK (recipient_name IS NULL OR (recipient_name <> '' AND length(recipient_name) <= 200)),
  -- who chose the address: caseworker (the consumer API) | directory (the agency directory)
  source text NOT NULL CHECK (source IN ('caseworker', 'directory')),
  sent_at timestamptz NOT NULL,
  -- the last day for the agency's response (10 working days)
  due_date date NOT NULL,
  -- when its link stops working (the due date plus a grace period)
  link_expires_at timestamptz NOT NULL,
  -- the response draft, made the first time the link is opened and found
  -- again every time after, so the agency's answers are kept between visits
  draft_id uuid UNIQUE REFERENCES drafts (id) ON DELETE SET NULL
);

CREATE INDEX agency_notifications_application_idx ON agency_notifications (application_id, sent_at);

-- One response per notification, written once: "Accept and send" on the
-- agency's journey. Its draft is frozen the way every draft is: the draft's
-- submitted_application_id is set, here to the application the response is
-- about (that column means "the application this draft's submission belongs
-- to"; an application's own draft is applications.draft_id). This row is how
-- the draft's confirmation, and its files, are found.
CREATE TABLE agency_responses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  notification_id uuid NOT NULL UNIQUE REFERENCES agency_notifications (id),
  application_id uuid NOT NULL REFERENCES applications (id),
  -- No foreign key, as for applications: retention may delete the draft (and
  -- its files) while the response stays.
  draft_id uuid NOT NULL UNIQUE,
  journey_id text NOT NULL,
  journey_version text NOT NULL,
  -- the response document, as sent to the caseworker system
  data jsonb NOT NULL,
  submitted_at timestamptz NOT NULL
);

CREATE INDEX agency_responses_application_idx ON agency_responses (application_id, submitted_at);

-- The agency's files are evidence files of their own kind.
ALTER TABLE evidence_files DROP CONSTRAINT evidence_files_role_check;
ALTER TABLE evidence_files ADD CONSTRAINT evidence_files_role_check CHECK (role IN ('decision-letter', 'supporting', 'agency-document'));

-- The agency_response.submitted webhook event is about a response (and, like
-- every event, the application it belongs to).
ALTER TABLE outbox_events ADD COLUMN agency_response_id uuid REFERENCES agency_responses (id);
