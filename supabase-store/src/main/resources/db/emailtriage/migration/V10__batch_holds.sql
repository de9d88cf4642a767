-- email-triage schema, version 7: batch mode. One row per email waiting for a batch job of the model (Gemini's
-- Batch API): the job's id, the lease the email was submitted under and the prompt it was submitted with. The
-- email's own row stays 'processing', its due_at (the lease) extended to the job's timeout, so that no worker takes
-- it while the job runs; a restarted pipeline reads these rows and polls the job instead of submitting again. A row
-- counts only while its email is still processing under that lease version (no foreign key: a stale row is
-- harmless and is deleted with its job).
CREATE TABLE batch_holds (
  batch_id varchar(500) COLLATE "C" NOT NULL CHECK (batch_id <> ''),
  email_id varchar(255) COLLATE "C" NOT NULL,
  lease_version bigint NOT NULL CHECK (lease_version >= 0),
  prompt_id varchar(100) NOT NULL,
  prompt_version integer NOT NULL CHECK (prompt_version >= 1),
  submitted_at timestamptz NOT NULL,
  PRIMARY KEY (batch_id, email_id)
);

ALTER TABLE batch_holds ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON batch_holds FROM PUBLIC;
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['anon', 'authenticated'] LOOP
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('REVOKE ALL ON %I.batch_holds FROM %I', '${flyway:defaultSchema}', r);
    END IF;
  END LOOP;
END
$$;
