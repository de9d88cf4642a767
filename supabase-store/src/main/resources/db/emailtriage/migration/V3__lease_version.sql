-- email-triage schema, version 3: the fencing token of the processing lease.
-- Every claim of an email (the durable queue's claim, or one pipeline taking one email) counts lease_version up by
-- one; a worker stores its outcome with UPDATE ... WHERE status = 'processing' AND lease_version = <the version it
-- claimed>, so a worker whose lease expired and was taken over by another never overwrites the newer result.
ALTER TABLE processed_emails
  ADD COLUMN lease_version bigint NOT NULL DEFAULT 0 CHECK (lease_version >= 0);
