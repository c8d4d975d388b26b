-- Retention of sent applications and of delivery logs (issue 10).
--
-- An application may be deleted only once the caseworker system has it all:
-- every webhook event about it acknowledged, and every file it (and its agency
-- responses) carries downloaded through the consumer API at least once. The
-- first download is recorded here; null until then.
ALTER TABLE evidence_files ADD COLUMN downloaded_at timestamptz;

-- What the retention job looks up: an application's drafts (its own and the
-- agency responses'), and delivery logs by age.
CREATE INDEX drafts_submitted_application_idx ON drafts (submitted_application_id) WHERE submitted_application_id IS NOT NULL;
CREATE INDEX outbox_attempts_started_idx ON outbox_attempts (started_at);
CREATE INDEX email_attempts_started_idx ON email_attempts (started_at);
CREATE INDEX email_outbox_delivered_idx ON email_outbox (delivered_at) WHERE status = 'delivered';
CREATE INDEX outbox_events_agency_response_idx ON outbox_events (agency_response_id) WHERE agency_response_id IS NOT NULL;
