package dev.emailtriage.cli;

import dev.emailtriage.Decision;
import dev.emailtriage.Email;
import dev.emailtriage.TriageResult;
import dev.emailtriage.TriageStatus;

/**
 * What became of one message: the parsed email and the pipeline's result, or the reason it was skipped.
 *
 * @param file the path as found under the PATH argument ({@code name.mbox#3} for an mbox message)
 * @param key the absolute path (plus {@code #n}) used to match labels
 * @param from the sender as written, or {@code null} when it was skipped
 * @param subject the subject, or {@code null} when it was skipped
 * @param result the pipeline's result, or {@code null} when it was skipped
 * @param skipReason why it was skipped (unparseable, unreadable, rejected), or {@code null}
 */
record Outcome(String file, String key, String from, String subject, TriageResult result, String skipReason) {

  static Outcome triaged(MailInput input, Email email, TriageResult result) {
    return new Outcome(input.file(), input.key(), email.from(), email.subject(), result, null);
  }

  static Outcome skipped(String file, String key, String reason) {
    return new Outcome(file, key, null, null, null, reason);
  }

  boolean isSkipped() {
    return skipReason != null;
  }

  /** The decision, when the message was processed. */
  Decision decision() {
    return result != null && result.status() == TriageStatus.PROCESSED ? result.decision() : null;
  }
}
