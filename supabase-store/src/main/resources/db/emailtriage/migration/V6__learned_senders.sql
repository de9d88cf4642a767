-- email-triage schema, version 6: the sender memory. 'learned' becomes a decision source, and learned_senders keeps
-- per sender identity the evidence towards a learned rule, whether the identity is barred from learning, and its
-- learned rule. Shared by every instance on the database; writers compare-and-set on version.

ALTER TABLE processed_emails DROP CONSTRAINT processed_emails_source_check;
ALTER TABLE processed_emails ADD CONSTRAINT processed_emails_source_check
  CHECK (source IN ('rule', 'learned', 'cache', 'model', 'fallback'));

CREATE TABLE learned_senders (
  identity text COLLATE "C" PRIMARY KEY CHECK (identity <> '' AND char_length(identity) <= 2000),
  version bigint NOT NULL CHECK (version >= 1),
  evidence jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(evidence) = 'array'),
  barred boolean NOT NULL DEFAULT false,
  barred_reason text,
  rule_id varchar(64) COLLATE "C" UNIQUE,
  rule_email_type varchar(50) CHECK (rule_email_type IN
    ('question', 'complaint', 'request', 'spam', 'newsletter', 'auto_reply', 'other', 'notification')),
  rule_confidence numeric(3, 2) CHECK (rule_confidence >= 0 AND rule_confidence <= 1),
  rule_evidence text,
  rule_evidence_email_ids jsonb CHECK (jsonb_typeof(rule_evidence_email_ids) = 'array'),
  rule_created_at timestamptz,
  rule_last_used_at timestamptz,
  rule_expires_at timestamptz,
  rule_hits bigint NOT NULL DEFAULT 0 CHECK (rule_hits >= 0),
  updated_at timestamptz NOT NULL,
  -- a rule is all there or not there at all
  CONSTRAINT learned_senders_rule_complete CHECK (
    (rule_id IS NULL AND rule_email_type IS NULL AND rule_confidence IS NULL AND rule_evidence IS NULL
      AND rule_evidence_email_ids IS NULL AND rule_created_at IS NULL AND rule_expires_at IS NULL)
    OR (rule_id IS NOT NULL AND rule_email_type IS NOT NULL AND rule_confidence IS NOT NULL
      AND rule_evidence IS NOT NULL AND rule_evidence_email_ids IS NOT NULL AND rule_created_at IS NOT NULL
      AND rule_expires_at IS NOT NULL))
);

CREATE INDEX learned_senders_active_idx ON learned_senders (rule_expires_at) WHERE rule_id IS NOT NULL;

ALTER TABLE learned_senders ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON learned_senders FROM PUBLIC;
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['anon', 'authenticated'] LOOP
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('REVOKE ALL ON %I.learned_senders FROM %I', '${flyway:defaultSchema}', r);
    END IF;
  END LOOP;
END
$$;
