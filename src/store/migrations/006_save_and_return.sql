-- Save and return: the retention job deletes unsubmitted drafts that have not
-- changed for DRAFT_RETENTION_DAYS (with their files, by cascade, and their
-- resume links), looking for them by when they last changed.
CREATE INDEX drafts_unsubmitted_updated_at_idx ON drafts (updated_at) WHERE submitted_application_id IS NULL;
