-- The analytics trigger of processed_emails and its functions, held once. Flyway runs this file after the versioned
-- migrations whenever its text changes (a repeatable migration): change a function here, never in a new V file.
-- Runs with search_path set to the store's schema (${flyway:defaultSchema}).
--
-- What the trigger keeps, per UTC day of processed_at, over the emails whose status is 'processed':
--   email_analytics          totals (processed, responded, ignored) and the sums of processing time and confidence
--   email_analytics_reasons  every reason's count per decision
--   email_analytics_sources  the count per decision source
--   email_analytics_prompts  the count per prompt version, and how many of those were answered
-- Nothing else is derived here: averages, rates and top reasons of a period are computed when they are read
-- (PostgresDecisionStore.summarize and dailySeries).

-- Adds (sign 1) or removes (sign -1) one processed email's share of its day. The day row of email_analytics is
-- upserted first, so writers of one day are serialised by its lock and the other tables of that day stay consistent.
CREATE OR REPLACE FUNCTION emailtriage_analytics_apply(day date, verdict text, why text, seconds numeric, conf numeric,
    src text, pid text, pversion integer, sign integer) RETURNS void
LANGUAGE plpgsql
SET search_path = ${flyway:defaultSchema}, pg_catalog
AS $$
DECLARE
  new_count integer;
BEGIN
  INSERT INTO email_analytics AS a (date, total_processed, total_responded, total_ignored, sum_processing_time,
      sum_confidence)
  VALUES (day, sign, CASE WHEN verdict = 'respond' THEN sign ELSE 0 END,
      CASE WHEN verdict = 'ignore' THEN sign ELSE 0 END, sign * seconds, sign * conf)
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

-- The row trigger: moves a processed email's share from its old day to its new one when it is written. It fires
-- only for rows that are or were processed (the WHEN clauses of the triggers below), so queue writes cost nothing.
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
        OLD.confidence, OLD.source, OLD.prompt_id, OLD.prompt_version, -1);
    old_day := NULL;
  END IF;
  IF new_day IS NOT NULL THEN
    PERFORM emailtriage_analytics_apply(new_day, NEW.decision, NEW.reason, NEW.processing_time_seconds,
        NEW.confidence, NEW.source, NEW.prompt_id, NEW.prompt_version, 1);
  END IF;
  IF old_day IS NOT NULL THEN
    PERFORM emailtriage_analytics_apply(old_day, OLD.decision, OLD.reason, OLD.processing_time_seconds,
        OLD.confidence, OLD.source, OLD.prompt_id, OLD.prompt_version, -1);
  END IF;
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS processed_emails_analytics_insert ON processed_emails;
DROP TRIGGER IF EXISTS processed_emails_analytics_update ON processed_emails;
DROP TRIGGER IF EXISTS processed_emails_analytics_delete ON processed_emails;
-- Deferred to the commit: a transaction that writes many emails (saveAll, completeAll) takes the day row's lock only
-- when it commits, not at its first email, so concurrent batches wait for each other only that long.
CREATE CONSTRAINT TRIGGER processed_emails_analytics_insert AFTER INSERT ON processed_emails
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (NEW.status = 'processed') EXECUTE FUNCTION emailtriage_track_analytics();
CREATE CONSTRAINT TRIGGER processed_emails_analytics_update AFTER UPDATE ON processed_emails
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (OLD.status = 'processed' OR NEW.status = 'processed')
  EXECUTE FUNCTION emailtriage_track_analytics();
CREATE CONSTRAINT TRIGGER processed_emails_analytics_delete AFTER DELETE ON processed_emails
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (OLD.status = 'processed') EXECUTE FUNCTION emailtriage_track_analytics();

-- Rebuilds one day of the analytics tables from processed_emails (for repairs; the trigger keeps them current).
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
    sum_processing_time = s.seconds, sum_confidence = s.conf
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

REVOKE ALL ON FUNCTION emailtriage_analytics_apply(date, text, text, numeric, numeric, text, text, integer, integer)
  FROM PUBLIC;
REVOKE ALL ON FUNCTION emailtriage_track_analytics() FROM PUBLIC;
REVOKE ALL ON FUNCTION emailtriage_refresh_analytics_day(date) FROM PUBLIC;
