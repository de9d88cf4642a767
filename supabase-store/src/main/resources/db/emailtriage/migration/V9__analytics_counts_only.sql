-- email-triage schema, version 9: the daily analytics hold counts and sums only, and their trigger and functions
-- move to the repeatable migration R__analytics.sql, which (re)creates them after every versioned migration.
--
-- The per-day averages and top-five reason lists of email_analytics were computed a second time: the trigger kept
-- them current on every write, while summarize computes the averages of any period from the sums and its top
-- reasons from email_analytics_reasons when asked, and nothing read the per-day columns. The computation at read
-- time stays (a period's top five cannot be made from daily top fives anyway); the write-time one goes.
--
-- SupabaseStore runs the pending migrations in one transaction (Flyway group), so between this migration and
-- R__analytics.sql no writer ever sees the old trigger without its columns, nor a table without a trigger.

DROP TRIGGER processed_emails_analytics ON processed_emails;
DROP FUNCTION emailtriage_track_analytics();
DROP FUNCTION emailtriage_analytics_apply(date, text, text, numeric, numeric, integer);
DROP FUNCTION emailtriage_analytics_apply_dimensions(date, text, text, text, integer, integer);
DROP FUNCTION emailtriage_top_reasons(date, text);

ALTER TABLE email_analytics
  DROP COLUMN avg_processing_time,
  DROP COLUMN avg_confidence,
  DROP COLUMN top_respond_reasons,
  DROP COLUMN top_ignore_reasons;
