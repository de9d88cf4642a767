package dev.emailtriage.supabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.emailtriage.Email;
import dev.emailtriage.EmailRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: a database error must not carry the mail into the log. JDBI renders a failed statement's bound arguments
 * into its exception message by default; the store renders the statement only.
 */
class StatementErrorMessageTest {

  @Test
  void aFailedStatementNamesNoBoundArgument() {
    try (SupabaseStore store = StoreFixtures.freshStore().build()) {
      // A date PostgreSQL cannot keep, which only a caller skipping validation can send: the statement fails.
      Email email = Email.builder().emailId("far-future").from("secret.sender@example.com")
          .to("support@biofraga.com").subject("Secret subject").body("Secret body here")
          .receivedAt(Instant.parse("+294277-01-01T00:00:00Z")).build();
      Throwable error = catchThrowable(() -> store.decisionStore().enqueue(
          EmailRecord.queued(email, "job_1", Instant.parse("2025-01-15T10:30:00Z"))));
      assertThat(error).isNotNull();
      assertThat(error).hasStackTraceContaining("statement");
      for (Throwable t = error; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain("secret.sender", "Secret subject", "Secret body");
        assertThat(t.toString()).doesNotContain("secret.sender", "Secret subject", "Secret body");
      }
    }
  }
}
