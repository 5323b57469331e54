// The first schema. Append-only from here on: a later change is a new numbered step,
// because stations upgrade in place and their data must carry over.

export const sql = /* sql */ `
CREATE TABLE stations (
  code text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_-]{1,32}$'),
  name text NOT NULL,
  settings jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id text PRIMARY KEY,
  station text NOT NULL REFERENCES stations(code),
  username text NOT NULL UNIQUE,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('lineman', 'clerk', 'chief', 'admin')),
  password_hash text NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Device codes go into appeal numbers read out to customers, so they are never reused:
-- they come from a sequence and devices are never deleted, only revoked.
CREATE SEQUENCE device_code_seq;

CREATE TABLE devices (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id),
  station text NOT NULL REFERENCES stations(code),
  name text NOT NULL,
  code text NOT NULL UNIQUE,
  client_id text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  last_sync_at timestamptz,
  health jsonb
);
CREATE INDEX devices_user ON devices(user_id);

CREATE TABLE tokens (
  hash text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('access', 'refresh')),
  device_id text NOT NULL REFERENCES devices(id),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tokens_device ON tokens(device_id);

CREATE TABLE clients (
  client_id text PRIMARY KEY,
  device_id text NOT NULL REFERENCES devices(id),
  last_mid bigint NOT NULL DEFAULT 0
);

-- One change counter for every row the server hands out. Per-station pushes take an
-- advisory lock before drawing from it, so within a station seq order is commit order.
CREATE SEQUENCE change_seq AS bigint;

CREATE TABLE records (
  type text NOT NULL,
  id text NOT NULL,
  station text NOT NULL REFERENCES stations(code),
  data jsonb NOT NULL,
  clocks jsonb NOT NULL,
  status text,
  status_gen integer NOT NULL DEFAULT 0,
  status_hlc text,
  deleted boolean NOT NULL DEFAULT false,
  created_by text,
  hlc text NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (type, id)
);
CREATE INDEX records_station_seq ON records(station, seq);
-- The number a clerk reads out to a customer is unique in the station (push checks first,
-- to answer with a clear code; this index is the guarantee).
CREATE UNIQUE INDEX records_appeal_number ON records (station, (data->>'number'))
  WHERE type = 'appeal' AND data ? 'number';

CREATE TABLE children (
  type text NOT NULL,
  id text NOT NULL,
  parent_type text NOT NULL,
  parent_id text NOT NULL,
  station text NOT NULL REFERENCES stations(code),
  data jsonb NOT NULL,
  author text,
  hlc text NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (type, id)
);
CREATE INDEX children_station_seq ON children(station, seq);
CREATE INDEX children_parent ON children(parent_type, parent_id);

-- Append-only audit of every mutation a device sent, applied or not. The unique key is
-- the exactly-once guarantee: a mid is recorded once, whatever the retries.
CREATE TABLE mutation_log (
  id bigserial PRIMARY KEY,
  station text NOT NULL,
  client_id text NOT NULL,
  device_id text NOT NULL,
  user_id text NOT NULL,
  mid bigint NOT NULL,
  name text NOT NULL,
  args jsonb,
  hlc text NOT NULL,
  applied_hlc text NOT NULL,
  seq bigint,
  result text NOT NULL CHECK (result IN ('applied', 'unchanged', 'rejected')),
  at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (client_id, mid)
);
CREATE INDEX mutation_log_station ON mutation_log(station, id);

CREATE TABLE conflicts (
  id bigserial PRIMARY KEY,
  station text NOT NULL,
  record_type text NOT NULL,
  record_id text NOT NULL,
  field text NOT NULL,
  kept_value jsonb,
  kept_hlc text,
  lost_value jsonb,
  lost_hlc text NOT NULL,
  lost_author text,
  client_id text NOT NULL,
  mid bigint NOT NULL,
  user_id text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conflicts_station ON conflicts(station, id);
CREATE INDEX conflicts_record ON conflicts(record_type, record_id);

CREATE TABLE rejections (
  id bigserial PRIMARY KEY,
  station text NOT NULL,
  client_id text NOT NULL,
  device_id text NOT NULL,
  user_id text NOT NULL,
  mid bigint NOT NULL,
  name text NOT NULL,
  args jsonb,
  code text NOT NULL,
  field text,
  detail text,
  at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (client_id, mid)
);
CREATE INDEX rejections_station ON rejections(station, id);

-- Keyed by station as well as hash: a photo is visible to its own station only, and the
-- rare same photo in two stations costs one extra copy.
CREATE TABLE blobs (
  station text NOT NULL REFERENCES stations(code),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes bytea NOT NULL,
  size integer NOT NULL,
  content_type text NOT NULL,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (station, sha256)
);
`;
