-- email-triage schema, version 5: the state of the mailbox connectors (MailboxTriage). Reserved number V5 (mailbox).

-- The checkpoint of each mailbox (an IMAP "uidvalidity:uid", a Gmail history id).
CREATE TABLE mailbox_checkpoints (
  mailbox_id varchar(500) COLLATE "C" PRIMARY KEY,
  checkpoint text NOT NULL,
  updated_at timestamptz NOT NULL
);

-- What was done with each message of each mailbox: written before a draft or a send (step drafting/sending with
-- the reply's marker) and after it (with the draft's or sent message's id), so a crash never drafts or sends twice.
CREATE TABLE mailbox_actions (
  mailbox_id varchar(500) COLLATE "C" NOT NULL,
  email_id varchar(255) COLLATE "C" NOT NULL,
  step varchar(20) NOT NULL CHECK (step IN ('failed', 'drafting', 'sending', 'done')),
  marker varchar(100),
  draft_id varchar(500),
  sent_id varchar(1000),
  thread_key varchar(1000),
  sender varchar(998),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  note text,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (mailbox_id, email_id),
  CHECK (step NOT IN ('drafting', 'sending') OR marker IS NOT NULL)
);

-- The RFC 3834 window: automatic replies per mailbox, thread and sender.
CREATE INDEX mailbox_actions_auto_replies ON mailbox_actions (mailbox_id, thread_key, sender, updated_at)
  WHERE step = 'sending' OR sent_id IS NOT NULL;

ALTER TABLE mailbox_checkpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE mailbox_actions ENABLE ROW LEVEL SECURITY;
