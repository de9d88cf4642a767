-- email-triage schema, version 1. Flyway runs this with search_path set to the store's own schema
-- (${flyway:defaultSchema}, "emailtriage" by default), which is not exposed by Supabase's REST API.

-- Keeps updated_at current on every update.
CREATE FUNCTION emailtriage_touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

-- Every email the pipeline sees, in a definite state, with its decision once processed (the origin's
-- processed_emails plus the durable queue's bookkeeping).
CREATE TABLE processed_emails (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email_id varchar(255) COLLATE "C" NOT NULL UNIQUE,
  from_address varchar(998) NOT NULL,
  to_address text NOT NULL CHECK (char_length(to_address) <= 10000),
  subject text NOT NULL,
  body text NOT NULL,
  body_erased_at timestamptz,
  thread_id varchar(255),
  received_at timestamptz NOT NULL,
  attachments jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(attachments) = 'array'),
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(metadata) = 'object'),
  headers jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(headers) = 'object'),

  status varchar(20) NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'processing', 'processed', 'failed')),
  job_id varchar(255),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error text,
  retryable boolean NOT NULL DEFAULT false,
  due_at timestamptz,

  decision varchar(20) CHECK (decision IN ('respond', 'ignore')),
  confidence numeric(3, 2) CHECK (confidence >= 0 AND confidence <= 1),
  email_type varchar(50) CHECK (email_type IN
    ('question', 'complaint', 'request', 'spam', 'newsletter', 'auto_reply', 'other', 'notification')),
  urgency varchar(20) CHECK (urgency IN ('high', 'medium', 'low')),
  reason text,
  suggested_subject text,
  suggested_body text,
  suggested_tone varchar(20) CHECK (suggested_tone IN ('formal', 'informal', 'friendly', 'professional')),
  source varchar(20) CHECK (source IN ('rule', 'cache', 'model', 'fallback')),
  needs_review boolean NOT NULL DEFAULT false,
  rule varchar(255),
  prompt_id varchar(100),
  prompt_version integer NOT NULL DEFAULT 0 CHECK (prompt_version >= 0),
  model_version varchar(100),
  prompt_tokens integer CHECK (prompt_tokens >= 0),
  candidates_tokens integer CHECK (candidates_tokens >= 0),
  thoughts_tokens integer CHECK (thoughts_tokens >= 0),
  total_tokens integer CHECK (total_tokens >= 0),
  finish_reason varchar(100),
  body_truncated boolean NOT NULL DEFAULT false,
  fingerprint varchar(255),
  processing_time_seconds numeric(10, 3) NOT NULL DEFAULT 0 CHECK (processing_time_seconds >= 0),
  processed_at timestamptz,

  response_sent boolean NOT NULL DEFAULT false,
  has_feedback boolean NOT NULL DEFAULT false,
  feedback_decision varchar(20) CHECK (feedback_decision IN ('respond', 'ignore')),
  feedback_type varchar(50) CHECK (feedback_type IN
    ('question', 'complaint', 'request', 'spam', 'newsletter', 'auto_reply', 'other', 'notification')),
  feedback_comment text,
  feedback_at timestamptz,

  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),

  -- A decision is all there or not there at all; a processed email always has one.
  CONSTRAINT processed_emails_decision_complete CHECK (
    (decision IS NULL AND confidence IS NULL AND email_type IS NULL AND urgency IS NULL AND reason IS NULL
      AND source IS NULL)
    OR (decision IS NOT NULL AND confidence IS NOT NULL AND email_type IS NOT NULL AND urgency IS NOT NULL
      AND reason IS NOT NULL AND source IS NOT NULL)),
  CONSTRAINT processed_emails_processed_has_decision CHECK (
    status <> 'processed' OR (decision IS NOT NULL AND processed_at IS NOT NULL)),
  CONSTRAINT processed_emails_suggestion_complete CHECK (
    (suggested_tone IS NULL AND suggested_subject IS NULL AND suggested_body IS NULL)
    OR (suggested_tone IS NOT NULL AND suggested_subject IS NOT NULL AND suggested_body IS NOT NULL)),
  CONSTRAINT processed_emails_tokens_complete CHECK (
    num_nulls(prompt_tokens, candidates_tokens, thoughts_tokens, total_tokens) IN (0, 4)),
  CONSTRAINT processed_emails_queue_due CHECK (
    status NOT IN ('queued', 'processing') OR due_at IS NOT NULL)
);

CREATE INDEX processed_emails_decision_idx ON processed_emails (decision);
CREATE INDEX processed_emails_processed_at_idx ON processed_emails (processed_at);
CREATE INDEX processed_emails_from_address_idx ON processed_emails (from_address);
CREATE INDEX processed_emails_received_idx ON processed_emails (received_at DESC, email_id DESC);
CREATE INDEX processed_emails_source_idx ON processed_emails (source, received_at DESC, email_id DESC);
CREATE INDEX processed_emails_fingerprint_idx ON processed_emails (fingerprint, processed_at DESC)
  WHERE status = 'processed' AND fingerprint IS NOT NULL;
CREATE INDEX processed_emails_queue_idx ON processed_emails (due_at, email_id)
  WHERE status IN ('queued', 'processing', 'failed');

CREATE TRIGGER processed_emails_updated_at BEFORE UPDATE ON processed_emails
  FOR EACH ROW EXECUTE FUNCTION emailtriage_touch_updated_at();

-- Prompts: a stable id, a unique name, the latest version's text here and every version in ai_prompt_versions.
CREATE TABLE ai_prompts (
  id varchar(100) PRIMARY KEY,
  name varchar(100) NOT NULL UNIQUE CHECK (btrim(name) <> ''),
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  system_prompt text NOT NULL CHECK (btrim(system_prompt) <> ''),
  decision_criteria jsonb NOT NULL DEFAULT '{}'::jsonb,
  active boolean NOT NULL DEFAULT false,
  created_by varchar(255),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- At most one active prompt, enforced by the database (the store activates in one transaction, so exactly one).
CREATE UNIQUE INDEX ai_prompts_one_active ON ai_prompts ((true)) WHERE active;

CREATE TRIGGER ai_prompts_updated_at BEFORE UPDATE ON ai_prompts
  FOR EACH ROW EXECUTE FUNCTION emailtriage_touch_updated_at();

CREATE TABLE ai_prompt_versions (
  prompt_id varchar(100) NOT NULL REFERENCES ai_prompts (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 1),
  system_prompt text NOT NULL,
  decision_criteria jsonb NOT NULL,
  created_by varchar(255),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (prompt_id, version)
);

-- The A/B test: at most one row, the challenger and its share of traffic.
CREATE TABLE ai_prompt_challenger (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  prompt_id varchar(100) NOT NULL REFERENCES ai_prompts (id) ON DELETE CASCADE,
  share numeric(6, 5) NOT NULL CHECK (share > 0 AND share < 1),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Daily aggregates of processed emails (UTC days), kept current incrementally by a trigger on processed_emails:
-- each write adds or removes one email's share (O(1) per write, whatever the day's volume). Sums are kept so the
-- averages stay exact; every reason's count per day is kept in email_analytics_reasons so the top five stay exact.
CREATE TABLE email_analytics (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  date date NOT NULL UNIQUE,
  total_processed integer NOT NULL DEFAULT 0,
  total_responded integer NOT NULL DEFAULT 0,
  total_ignored integer NOT NULL DEFAULT 0,
  sum_processing_time numeric NOT NULL DEFAULT 0,
  sum_confidence numeric NOT NULL DEFAULT 0,
  avg_processing_time numeric(10, 3),
  avg_confidence numeric(3, 2),
  top_respond_reasons jsonb NOT NULL DEFAULT '[]'::jsonb,
  top_ignore_reasons jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER email_analytics_updated_at BEFORE UPDATE ON email_analytics
  FOR EACH ROW EXECUTE FUNCTION emailtriage_touch_updated_at();

CREATE TABLE email_analytics_reasons (
  date date NOT NULL,
  decision varchar(20) NOT NULL,
  reason_hash text NOT NULL,
  reason text NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (date, decision, reason_hash)
);

CREATE INDEX email_analytics_reasons_top ON email_analytics_reasons (date, decision, count DESC);

-- The top five reasons of one day and decision, from email_analytics_reasons (most frequent first, ties by text).
CREATE FUNCTION emailtriage_top_reasons(day date, verdict text) RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = ${flyway:defaultSchema}, pg_catalog
AS $$
  SELECT coalesce(jsonb_agg(jsonb_build_object('reason', t.reason, 'count', t.count)
                  ORDER BY t.count DESC, t.reason COLLATE "C"), '[]'::jsonb)
  FROM (SELECT reason, count FROM email_analytics_reasons WHERE date = day AND decision = verdict
        ORDER BY count DESC, reason COLLATE "C" LIMIT 5) t
$$;

-- Adds (sign 1) or removes (sign -1) one processed email's share of a day. The day row is locked first (by the
-- upsert), so writers of one day are serialised and the reasons table of that day is stable while we read it.
CREATE FUNCTION emailtriage_analytics_apply(day date, verdict text, why text, seconds numeric, conf numeric,
    sign integer) RETURNS void
LANGUAGE plpgsql
SET search_path = ${flyway:defaultSchema}, pg_catalog
AS $$
DECLARE
  new_count integer;
  top jsonb;
  in_top boolean;
BEGIN
  INSERT INTO email_analytics AS a (date, total_processed, total_responded, total_ignored, sum_processing_time,
      sum_confidence)
  VALUES (day, sign, CASE WHEN verdict = 'respond' THEN sign ELSE 0 END, CASE WHEN verdict = 'ignore' THEN sign ELSE 0 END,
      sign * seconds, sign * conf)
  ON CONFLICT (date) DO UPDATE SET
    total_processed = a.total_processed + EXCLUDED.total_processed,
    total_responded = a.total_responded + EXCLUDED.total_responded,
    total_ignored = a.total_ignored + EXCLUDED.total_ignored,
    sum_processing_time = a.sum_processing_time + EXCLUDED.sum_processing_time,
    sum_confidence = a.sum_confidence + EXCLUDED.sum_confidence;

  INSERT INTO email_analytics_reasons AS r (date, decision, reason_hash, reason, count)
  VALUES (day, verdict, md5(why), why, sign)
  ON CONFLICT (date, decision, reason_hash) DO UPDATE SET count = r.count + EXCLUDED.count
  RETURNING r.count INTO new_count;
  IF new_count <= 0 THEN
    DELETE FROM email_analytics_reasons WHERE date = day AND decision = verdict AND reason_hash = md5(why);
  END IF;

  SELECT CASE WHEN verdict = 'respond' THEN a.top_respond_reasons ELSE a.top_ignore_reasons END INTO top
  FROM email_analytics a WHERE a.date = day;
  in_top := EXISTS (SELECT 1 FROM jsonb_array_elements(top) e WHERE e ->> 'reason' = why);
  IF sign > 0 THEN
    -- only this reason's count changed: the new top five are among the old ones and this reason
    SELECT coalesce(jsonb_agg(x ORDER BY (x ->> 'count')::int DESC, (x ->> 'reason') COLLATE "C"), '[]'::jsonb)
    INTO top
    FROM (SELECT x FROM (SELECT e AS x FROM jsonb_array_elements(top) e WHERE e ->> 'reason' <> why
                         UNION ALL
                         SELECT jsonb_build_object('reason', why, 'count', new_count)) u
          ORDER BY (x ->> 'count')::int DESC, (x ->> 'reason') COLLATE "C" LIMIT 5) s;
  ELSIF in_top THEN
    -- a listed reason lost an email: another reason may now belong in the list
    top := emailtriage_top_reasons(day, verdict);
  END IF;

  UPDATE email_analytics SET
    avg_processing_time = CASE WHEN total_processed > 0 THEN round(sum_processing_time / total_processed, 3) END,
    avg_confidence = CASE WHEN total_processed > 0 THEN round(sum_confidence / total_processed, 2) END,
    top_respond_reasons = CASE WHEN verdict = 'respond' THEN top ELSE top_respond_reasons END,
    top_ignore_reasons = CASE WHEN verdict = 'ignore' THEN top ELSE top_ignore_reasons END
  WHERE date = day;
END
$$;

-- Rebuilds one day of email_analytics from processed_emails (for repairs; the trigger keeps the rows current).
CREATE FUNCTION emailtriage_refresh_analytics_day(day date) RETURNS void
LANGUAGE plpgsql
SET search_path = ${flyway:defaultSchema}, pg_catalog
AS $$
DECLARE
  from_ts timestamptz := (day::timestamp AT TIME ZONE 'UTC');
  to_ts timestamptz := ((day + 1)::timestamp AT TIME ZONE 'UTC');
BEGIN
  INSERT INTO email_analytics (date) VALUES (day) ON CONFLICT (date) DO NOTHING;
  PERFORM 1 FROM email_analytics WHERE date = day FOR UPDATE;
  DELETE FROM email_analytics_reasons WHERE date = day;
  INSERT INTO email_analytics_reasons (date, decision, reason_hash, reason, count)
  SELECT day, p.decision, md5(p.reason), p.reason, count(*)
  FROM processed_emails p
  WHERE p.status = 'processed' AND p.processed_at >= from_ts AND p.processed_at < to_ts
  GROUP BY p.decision, p.reason;
  UPDATE email_analytics a SET
    total_processed = s.total, total_responded = s.responded, total_ignored = s.ignored,
    sum_processing_time = s.seconds, sum_confidence = s.conf,
    avg_processing_time = CASE WHEN s.total > 0 THEN round(s.seconds / s.total, 3) END,
    avg_confidence = CASE WHEN s.total > 0 THEN round(s.conf / s.total, 2) END,
    top_respond_reasons = emailtriage_top_reasons(day, 'respond'),
    top_ignore_reasons = emailtriage_top_reasons(day, 'ignore')
  FROM (SELECT count(*) AS total,
               count(*) FILTER (WHERE p.decision = 'respond') AS responded,
               count(*) FILTER (WHERE p.decision = 'ignore') AS ignored,
               coalesce(sum(p.processing_time_seconds), 0) AS seconds,
               coalesce(sum(p.confidence), 0) AS conf
        FROM processed_emails p
        WHERE p.status = 'processed' AND p.processed_at >= from_ts AND p.processed_at < to_ts) s
  WHERE a.date = day;
END
$$;

CREATE FUNCTION emailtriage_track_analytics() RETURNS trigger
LANGUAGE plpgsql
SET search_path = ${flyway:defaultSchema}, pg_catalog
AS $$
DECLARE
  old_day date;
  new_day date;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'processed' THEN
    old_day := (OLD.processed_at AT TIME ZONE 'UTC')::date;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'processed' THEN
    new_day := (NEW.processed_at AT TIME ZONE 'UTC')::date;
  END IF;
  IF old_day IS NULL AND new_day IS NULL THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND old_day IS NOT NULL AND new_day IS NOT NULL
      AND OLD.processed_at = NEW.processed_at
      AND OLD.decision IS NOT DISTINCT FROM NEW.decision
      AND OLD.confidence IS NOT DISTINCT FROM NEW.confidence
      AND OLD.reason IS NOT DISTINCT FROM NEW.reason
      AND OLD.processing_time_seconds IS NOT DISTINCT FROM NEW.processing_time_seconds THEN
    RETURN NULL; -- nothing the daily rows depend on changed (feedback, sent marking, retention)
  END IF;
  -- days in ascending order, so two writers never wait for each other's day in opposite orders
  IF old_day IS NOT NULL AND (new_day IS NULL OR old_day <= new_day) THEN
    PERFORM emailtriage_analytics_apply(old_day, OLD.decision, OLD.reason, OLD.processing_time_seconds,
        OLD.confidence, -1);
    old_day := NULL;
  END IF;
  IF new_day IS NOT NULL THEN
    PERFORM emailtriage_analytics_apply(new_day, NEW.decision, NEW.reason, NEW.processing_time_seconds,
        NEW.confidence, 1);
  END IF;
  IF old_day IS NOT NULL THEN
    PERFORM emailtriage_analytics_apply(old_day, OLD.decision, OLD.reason, OLD.processing_time_seconds,
        OLD.confidence, -1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER processed_emails_analytics AFTER INSERT OR UPDATE OR DELETE ON processed_emails
  FOR EACH ROW EXECUTE FUNCTION emailtriage_track_analytics();

-- Nobody but the owner (the store's connection) reads or writes these tables. Row-level security with no policy
-- on every table is a second lock in case someone exposes the schema or grants privileges on it later.
ALTER TABLE processed_emails ENABLE ROW LEVEL SECURITY;
ALTER TABLE ai_prompts ENABLE ROW LEVEL SECURITY;
ALTER TABLE ai_prompt_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE ai_prompt_challenger ENABLE ROW LEVEL SECURITY;
ALTER TABLE email_analytics ENABLE ROW LEVEL SECURITY;
ALTER TABLE email_analytics_reasons ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON ALL TABLES IN SCHEMA ${flyway:defaultSchema} FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ${flyway:defaultSchema} FROM PUBLIC;
REVOKE ALL ON SCHEMA ${flyway:defaultSchema} FROM PUBLIC;
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['anon', 'authenticated'] LOOP
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %I', '${flyway:defaultSchema}', r);
      EXECUTE format('REVOKE ALL ON SCHEMA %I FROM %I', '${flyway:defaultSchema}', r);
    END IF;
  END LOOP;
END
$$;
