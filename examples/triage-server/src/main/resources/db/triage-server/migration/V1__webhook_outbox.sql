-- The sample server's durable webhook outbox (its own schema and Flyway history, apart from the store's).
-- One row per event of an async job; a worker delivers due rows, at least once, and records every attempt.
CREATE TABLE webhook_outbox (
  id varchar(64) COLLATE "C" PRIMARY KEY,
  event varchar(40) NOT NULL,
  email_id varchar(255) COLLATE "C" NOT NULL,
  job_id varchar(64) COLLATE "C" NOT NULL,
  payload text NOT NULL,
  created_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_attempt_at timestamptz,
  last_error varchar(500),
  delivered_at timestamptz,
  gave_up_at timestamptz,
  UNIQUE (event, job_id)
);

CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at)
  WHERE delivered_at IS NULL AND gave_up_at IS NULL;
CREATE INDEX webhook_outbox_email ON webhook_outbox (email_id);

-- Not readable through Supabase's REST API with an anonymous key.
ALTER TABLE webhook_outbox ENABLE ROW LEVEL SECURITY;
