-- Hand-off to the caseworker system: a transactional outbox of webhook
-- events, every delivery attempt, and the state of the receiving endpoint.

-- One row per event, written in the same transaction as what it announces.
-- The payload is not stored: it is built from the application (which never
-- changes once submitted) at each attempt, the same way the consumer API
-- builds it, so the two cannot drift apart.
CREATE TABLE outbox_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Standard Webhooks `webhook-id`: the consumer's idempotency key, the same
  -- on every attempt and every redelivery of this event.
  webhook_id text NOT NULL UNIQUE,
  type text NOT NULL,
  application_id uuid NOT NULL REFERENCES applications (id),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  created_at timestamptz NOT NULL,
  -- when the next attempt may start (pending events only)
  next_attempt_at timestamptz NOT NULL,
  -- attempts ever made, and attempts since the event was last (re)queued:
  -- the retry schedule counts the second
  attempts int NOT NULL DEFAULT 0,
  round_attempts int NOT NULL DEFAULT 0,
  -- A worker that claims the event holds it until lease_expires_at; a worker
  -- that dies mid-delivery simply lets the lease run out. lease_token is the
  -- id of the attempt that holds the lease, so a worker whose lease ran out
  -- cannot overwrite the outcome of the attempt that took over.
  lease_token uuid,
  lease_expires_at timestamptz,
  delivered_at timestamptz,
  failed_at timestamptz,
  last_error text
);

-- What the delivery worker polls: due, pending events in order.
CREATE INDEX outbox_events_due_idx ON outbox_events (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_events_status_idx ON outbox_events (status, created_at);
CREATE INDEX outbox_events_application_idx ON outbox_events (application_id);

CREATE TABLE outbox_attempts (
  id uuid PRIMARY KEY,
  event_id uuid NOT NULL REFERENCES outbox_events (id) ON DELETE CASCADE,
  -- 1 for the event's first attempt, counting across redeliveries
  attempt int NOT NULL,
  worker text NOT NULL,
  endpoint text NOT NULL,
  started_at timestamptz NOT NULL,
  -- null while the attempt is in flight (and forever if its worker died)
  finished_at timestamptz,
  duration_ms int,
  status_code int,
  -- delivered | retry | failed | endpoint-gone | superseded
  outcome text,
  error text,
  -- the first 1 KB of the response body
  response_body text
);

CREATE INDEX outbox_attempts_event_idx ON outbox_attempts (event_id, started_at);

-- A consumer answering 410 Gone has asked not to be called again: deliveries
-- to that URL stop until an operator enables it (npm run ops -- endpoint enable).
CREATE TABLE webhook_endpoints (
  url text PRIMARY KEY,
  disabled_at timestamptz,
  disabled_reason text
);
