-- Rate-limit counts shared by every instance: one row per key and fixed
-- window. Keys hold no personal data (hashes of addresses and API keys).
CREATE TABLE rate_limit_hits (
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL,
  hits int NOT NULL CHECK (hits >= 0),
  PRIMARY KEY (key, window_start)
);

CREATE INDEX rate_limit_hits_window_end_idx ON rate_limit_hits (window_end);
