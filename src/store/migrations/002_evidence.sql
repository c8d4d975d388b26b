-- Evidence: the files an applicant uploads with a draft (the decision letter
-- and supporting documents). Kept in the database so any instance can serve
-- them and deleting a draft deletes its files. The draft's answers hold a copy
-- of this list (rebuilt from here after every change); what is submitted is
-- the list in the submitted answers.
CREATE TABLE evidence_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  draft_id uuid NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
  -- what the applicant uploaded it as
  role text NOT NULL CHECK (role IN ('decision-letter', 'supporting')),
  -- the original name, cleaned (no folders, no control characters, limited length)
  name text NOT NULL CHECK (name <> '' AND length(name) <= 255),
  size integer NOT NULL CHECK (size > 0),
  -- the MIME type found from the file's bytes, not the one the browser sent
  type text NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  scan text NOT NULL CHECK (scan IN ('clean', 'not-scanned')),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX evidence_files_draft_id_idx ON evidence_files (draft_id);

-- The bytes, in pieces of a few hundred kilobytes, so that neither storing nor
-- reading a file ever holds all of it in memory (or in one query parameter).
CREATE TABLE evidence_file_chunks (
  file_id uuid NOT NULL REFERENCES evidence_files (id) ON DELETE CASCADE,
  seq integer NOT NULL CHECK (seq >= 0),
  bytes bytea NOT NULL,
  PRIMARY KEY (file_id, seq)
);

-- Uploads are mostly compressed already (PDF, JPG, PNG, DOCX): do not try again.
ALTER TABLE evidence_file_chunks ALTER COLUMN bytes SET STORAGE EXTERNAL;
