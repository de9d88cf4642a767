package dev.emailtriage.spi;

import java.time.Instant;

/**
 * Where one mailbox's synchronisation stands: its checkpoint and what was done in it. Immutable.
 *
 * @param mailboxId the mailbox's {@link Mailbox#id()}
 * @param checkpoint the last saved checkpoint, or {@code null} before the first run
 * @param checkpointAt when it was saved, or {@code null}
 * @param handled messages handled (step {@code DONE})
 * @param drafts drafts made
 * @param sent replies sent
 * @param failed messages whose triage failed and waits for a retry
 */
public record MailboxSyncState(String mailboxId, String checkpoint, Instant checkpointAt, long handled, long drafts,
    long sent, long failed) {}
