-- email-triage schema, version 2: daily counts by decision source and by prompt version, kept current by the same
-- analytics trigger as email_analytics, so that the period summary is answered from daily rows only.

-- No writer may change processed_emails between installing the trigger and the backfill below.
LOCK TABLE processed_emails IN SHARE ROW EXCLUSIVE MODE;

-- Processed emails per UTC day and decision source (no row when the count is zero).
CREATE TABLE email_analytics_sources (
  date date NOT NULL,
  source varchar(20) NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (date, source)
);

-- Processed emails per UTC day and prompt version, and how many of them were answered (no row when none).
CREATE TABLE email_analytics_prompts (
  date date NOT NULL,
  prompt_id varchar(100) NOT NULL,
  prompt_version integer NOT NULL,
  total_processed integer NOT NULL,
  total_responded integer NOT NULL,
  PRIMARY KEY (date, prompt_id, prompt_version)
);

-- Adds (sign 1) or removes (sign -1) one processed email's share of a day's source and prompt counts. Called after
-- emailtriage_analytics_apply for the same day, which holds the day row's lock, so writers of a day are serialised.
CREATE FUNCTION emailtriage_analytics_apply_dimensions(day date, verdict text, src text, pid text, pversion integer,
    sign integer) RETURNS void
LANGUAGE plpgsql
SET search_path = ${flyway:defaultSchema}, pg_catalog
AS $$
DECLARE
  new_count integer;
BEGIN
  INSERT INTO email_analytics_sources AS s (date, source, count) VALUES (day, src, sign)
  ON CONFLICT (date, source) DO UPDATE SET count = s.count + EXCLUDED.count
  RETURNING s.count INTO new_count;
  IF new_count <= 0 THEN
    DELETE FROM email_analytics_sources WHERE date = day AND source = src;
  END IF;
  IF pid IS NOT NULL THEN
    INSERT INTO email_analytics_prompts AS p (date, prompt_id, prompt_version, total_processed, total_responded)
    VALUES (day, pid, pversion, sign, CASE WHEN verdict = 'respond' THEN sign ELSE 0 END)
    ON CONFLICT (date, prompt_id, prompt_version) DO UPDATE SET
      total_processed = p.total_processed + EXCLUDED.total_processed,
      total_responded = p.total_responded + EXCLUDED.total_responded
    RETURNING p.total_processed INTO new_count;
    IF new_count <= 0 THEN
      DELETE FROM email_analytics_prompts WHERE date = day AND prompt_id = pid AND prompt_version = pversion;
    END IF;
  END IF;
END
$$;

-- As in version 1, and also maintains the source and prompt counts; changes of source or prompt now count too.
CREATE OR REPLACE FUNCTION emailtriage_track_analytics() RETURNS trigger
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
      AND OLD.processing_time_seconds IS NOT DISTINCT FROM NEW.processing_time_seconds
      AND OLD.source IS NOT DISTINCT FROM NEW.source
      AND OLD.prompt_id IS NOT DISTINCT FROM NEW.prompt_id
      AND OLD.prompt_version IS NOT DISTINCT FROM NEW.prompt_version THEN
    RETURN NULL; -- nothing the daily rows depend on changed (feedback, sent marking, retention)
  END IF;
  -- days in ascending order, so two writers never wait for each other's day in opposite orders
  IF old_day IS NOT NULL AND (new_day IS NULL OR old_day <= new_day) THEN
    PERFORM emailtriage_analytics_apply(old_day, OLD.decision, OLD.reason, OLD.processing_time_seconds,
        OLD.confidence, -1);
    PERFORM emailtriage_analytics_apply_dimensions(old_day, OLD.decision, OLD.source, OLD.prompt_id,
        OLD.prompt_version, -1);
    old_day := NULL;
  END IF;
  IF new_day IS NOT NULL THEN
    PERFORM emailtriage_analytics_apply(new_day, NEW.decision, NEW.reason, NEW.processing_time_seconds,
        NEW.confidence, 1);
    PERFORM emailtriage_analytics_apply_dimensions(new_day, NEW.decision, NEW.source, NEW.prompt_id,
        NEW.prompt_version, 1);
  END IF;
  IF old_day IS NOT NULL THEN
    PERFORM emailtriage_analytics_apply(old_day, OLD.decision, OLD.reason, OLD.processing_time_seconds,
        OLD.confidence, -1);
    PERFORM emailtriage_analytics_apply_dimensions(old_day, OLD.decision, OLD.source, OLD.prompt_id,
        OLD.prompt_version, -1);
  END IF;
  RETURN NULL;
END
$$;

-- As in version 1, and also rebuilds the day's source and prompt counts.
CREATE OR REPLACE FUNCTION emailtriage_refresh_analytics_day(day date) RETURNS void
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
  DELETE FROM email_analytics_sources WHERE date = day;
  INSERT INTO email_analytics_sources (date, source, count)
  SELECT day, p.source, count(*)
  FROM processed_emails p
  WHERE p.status = 'processed' AND p.processed_at >= from_ts AND p.processed_at < to_ts
  GROUP BY p.source;
  DELETE FROM email_analytics_prompts WHERE date = day;
  INSERT INTO email_analytics_prompts (date, prompt_id, prompt_version, total_processed, total_responded)
  SELECT day, p.prompt_id, p.prompt_version, count(*), count(*) FILTER (WHERE p.decision = 'respond')
  FROM processed_emails p
  WHERE p.status = 'processed' AND p.processed_at >= from_ts AND p.processed_at < to_ts
    AND p.prompt_id IS NOT NULL
  GROUP BY p.prompt_id, p.prompt_version;
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

-- Backfill from the emails already processed (the table is locked above, so the trigger and this agree).
INSERT INTO email_analytics_sources (date, source, count)
SELECT (p.processed_at AT TIME ZONE 'UTC')::date, p.source, count(*)
FROM processed_emails p
WHERE p.status = 'processed'
GROUP BY 1, 2;

INSERT INTO email_analytics_prompts (date, prompt_id, prompt_version, total_processed, total_responded)
SELECT (p.processed_at AT TIME ZONE 'UTC')::date, p.prompt_id, p.prompt_version, count(*),
       count(*) FILTER (WHERE p.decision = 'respond')
FROM processed_emails p
WHERE p.status = 'processed' AND p.prompt_id IS NOT NULL
GROUP BY 1, 2, 3;

ALTER TABLE email_analytics_sources ENABLE ROW LEVEL SECURITY;
ALTER TABLE email_analytics_prompts ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON email_analytics_sources, email_analytics_prompts FROM PUBLIC;
REVOKE ALL ON FUNCTION emailtriage_analytics_apply_dimensions(date, text, text, text, integer, integer) FROM PUBLIC;
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['anon', 'authenticated'] LOOP
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('REVOKE ALL ON %I.email_analytics_sources, %I.email_analytics_prompts FROM %I',
          '${flyway:defaultSchema}', '${flyway:defaultSchema}', r);
    END IF;
  END LOOP;
END
$$;
