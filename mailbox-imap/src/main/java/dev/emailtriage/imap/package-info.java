/**
 * The IMAP/SMTP mailbox connector of email-triage: {@link dev.emailtriage.imap.ImapMailbox}, a
 * {@link dev.emailtriage.spi.Mailbox} for {@link dev.emailtriage.MailboxTriage}. Everything under {@code internal} may
 * change without notice.
 */
package dev.emailtriage.imap;
