// Access: revoke with a last push, scope exits for removals, login throttling, first-run
// setup, and the audit of views and exports. Append-only like every step.

export const sql = /* sql */ `
-- A revoked device may push once more; this marks the push that carried the wipe.
ALTER TABLE devices ADD COLUMN wipe_sent_at timestamptz;

-- A role change makes every client of the user start again from cursor 0.
ALTER TABLE clients ADD COLUMN reset_pending boolean NOT NULL DEFAULT false;

-- Rows a user has lost sight of (wholly, or from full to redacted). A pull sends a removal
-- for a row changed since its cursor that the user cannot see now, only if the row is here:
-- so a device learns no id of a row it never held.
CREATE TABLE scope_exits (
  user_id text NOT NULL,
  type text NOT NULL,
  id text NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (user_id, type, id)
);

-- Failed logins per account ('u:<username>') and per address ('a:<ip>').
CREATE TABLE login_attempts (
  key text PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  blocked_until timestamptz,
  last_at timestamptz NOT NULL DEFAULT now()
);

-- The one-time code printed at first start; only its hash is kept.
CREATE TABLE setup_code (
  id integer PRIMARY KEY CHECK (id = 1),
  hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Append-only: views of a complainant's identity, exports, staff and device changes.
-- Writes are in mutation_log; GET /api/audit reads both.
CREATE TABLE audit_events (
  id bigserial PRIMARY KEY,
  station text NOT NULL,
  user_id text,
  device_id text,
  action text NOT NULL,
  record_type text,
  record_id text,
  detail jsonb,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_events_station ON audit_events(station, id);

-- Photo and signature fetches check the row that names the blob.
CREATE INDEX children_sha ON children ((data->>'sha256')) WHERE data ? 'sha256';
`;
