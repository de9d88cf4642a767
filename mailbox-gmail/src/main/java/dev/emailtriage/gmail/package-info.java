/**
 * The Gmail API mailbox connector of email-triage: {@link dev.emailtriage.gmail.GmailMailbox}, a
 * {@link dev.emailtriage.spi.Mailbox} for {@link dev.emailtriage.MailboxTriage}.
 */
package dev.emailtriage.gmail;
