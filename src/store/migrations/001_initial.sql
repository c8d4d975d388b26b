-- Drafts: one applicant's answers while they fill in a journey, saved on
-- every step so nothing is lost when a session ends.
CREATE TABLE drafts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  journey_id text NOT NULL,
  journey_version text NOT NULL,
  -- step id -> that step's saved field values
  answers jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(answers) = 'object'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  submitted_application_id uuid
);

CREATE TABLE applications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference text NOT NULL UNIQUE,
  -- One application per draft: this constraint is what makes a double
  -- submit safe. No foreign key to drafts, so that retention can delete a
  -- submitted draft while its application stays.
  draft_id uuid NOT NULL UNIQUE,
  journey_id text NOT NULL,
  journey_version text NOT NULL,
  route text NOT NULL,
  late boolean NOT NULL,
  -- the submitted document, as sent to the caseworker system
  data jsonb NOT NULL,
  submitted_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE drafts
  ADD CONSTRAINT drafts_submitted_application_id_fkey
  FOREIGN KEY (submitted_application_id) REFERENCES applications (id);

-- express-session's store
CREATE TABLE sessions (
  sid text PRIMARY KEY,
  sess jsonb NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);
