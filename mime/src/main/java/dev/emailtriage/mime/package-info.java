/**
 * Raw mail into email-triage: {@link dev.emailtriage.mime.MimeParser} reads RFC 5322 bytes into an
 * {@link dev.emailtriage.Email} and {@link dev.emailtriage.mime.Mbox} splits mbox files. Shared by the command-line
 * tool and the mailbox connectors; everything under {@code internal} may change without notice.
 */
package dev.emailtriage.mime;
