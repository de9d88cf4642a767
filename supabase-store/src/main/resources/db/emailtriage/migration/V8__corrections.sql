-- email-triage schema, version 8: corrections teach the model. Before a model call the pipeline may look up the
-- few corrected emails (feedback that disagrees with the decision) most like the one being decided: the same
-- fingerprint, or the same sender address or domain. Both look-ups read partial indexes over corrected rows only,
-- so their cost does not grow with the mail that nobody corrected. examples_used records how many such examples
-- went with a decision's model call.

ALTER TABLE processed_emails ADD COLUMN examples_used integer NOT NULL DEFAULT 0 CHECK (examples_used >= 0);

-- The sender address of a From value, lowercase: the last <...>, else the first token with an @, else the value.
CREATE FUNCTION emailtriage_sender_address(from_address text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog
AS $$
  SELECT lower(btrim(coalesce(substring(from_address from '.*<([^<>]*)>'),
                              substring(from_address from '([^\s<>()",;]+@[^\s<>()",;]+)'),
                              from_address)))
$$;

-- The domain of that address (after its last @), or NULL when it has none.
CREATE FUNCTION emailtriage_sender_domain(from_address text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = ${flyway:defaultSchema}, pg_catalog
AS $$
  SELECT substring(emailtriage_sender_address(from_address) from '@([^@]*)$')
$$;

CREATE INDEX processed_emails_corrected_sender_idx
  ON processed_emails (emailtriage_sender_domain(from_address), feedback_at DESC)
  WHERE status = 'processed' AND has_feedback
    AND ((feedback_decision IS NOT NULL AND feedback_decision <> decision)
      OR (feedback_type IS NOT NULL AND feedback_type <> email_type));

CREATE INDEX processed_emails_corrected_fingerprint_idx
  ON processed_emails (fingerprint)
  WHERE status = 'processed' AND has_feedback AND fingerprint IS NOT NULL
    AND ((feedback_decision IS NOT NULL AND feedback_decision <> decision)
      OR (feedback_type IS NOT NULL AND feedback_type <> email_type));
