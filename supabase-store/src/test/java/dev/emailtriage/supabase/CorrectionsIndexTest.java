package dev.emailtriage.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.Email;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.EmailType;
import dev.emailtriage.Feedback;
import dev.emailtriage.Urgency;
import dev.emailtriage.spi.DecisionStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The corrections look-up before a model call can be answered from V8's partial index over corrected rows (with
 * sequential scans switched off, the planner shows an index plan exists; on a table this small it would otherwise
 * rightly scan).
 */
class CorrectionsIndexTest {

  private static final Instant T0 = Instant.parse("2025-01-15T10:30:00Z");
  private static final Decision RESPOND = Decision.builder().action(Action.RESPOND).confidence(0.8)
      .emailType(EmailType.QUESTION).urgency(Urgency.LOW).reason("r").source(DecisionSource.MODEL).build();

  @Test
  void theLookUpBySenderCanUseThePartialIndexOverCorrectedRows() {
    try (SupabaseStore store = StoreFixtures.freshStore().build()) {
      DecisionStore emails = store.decisionStore();
      for (int i = 0; i < 200; i++) {
        Email e = Email.builder().emailId("e" + i).from("Ana " + i + " <ana" + i + "@shop" + (i % 7) + ".example>")
            .to("support@biofraga.com").subject("s" + i).body("b" + i).receivedAt(T0).build();
        emails.save(EmailRecord.queued(e, null, T0).processed(RESPOND, "fp" + i, 0.1, T0));
        if (i % 10 == 0) {
          emails.recordFeedback(e.emailId(), new Feedback(Action.IGNORE, EmailType.SPAM, null, T0.plusSeconds(i)));
        }
      }
      assertThat(emails.findCorrections("fp0", "ana3@shop3.example", "shop3.example", null, 5))
          .extracting(EmailRecord::emailId).containsExactly("e0", "e150", "e80", "e10");

      List<String> lines = store.jdbi().withHandle(h -> {
        h.execute("ANALYZE " + store.schema() + ".processed_emails");
        h.execute("SET enable_seqscan = off");
        return h.createQuery("EXPLAIN " + PostgresDecisionStore.CORRECTIONS.replace("{s}", store.schema()))
            .bind("exclude", (String) null).bind("fp", "fp0").bind("domain", "shop3.example")
            .bind("whole_domain", true).bind("address", "ana3@shop3.example").bind("limit", 5)
            .mapTo(String.class).list();
      });
      assertThat(String.join("\n", lines)).contains("processed_emails_corrected_sender_idx").doesNotContain("Seq Scan");
    }
  }

  @Test
  void anAddressOnlyLookUpStaysWithinTheAddress() {
    try (SupabaseStore store = StoreFixtures.freshStore().build()) {
      DecisionStore emails = store.decisionStore();
      for (String from : List.of("ana@gmail.com", "Bruno <bruno@gmail.com>", "ANA@GMAIL.COM")) {
        Email e = Email.builder().emailId(from).from(from).to("support@biofraga.com").subject("s").body("b")
            .receivedAt(T0).build();
        emails.save(EmailRecord.queued(e, null, T0).processed(RESPOND, null, 0.1, T0));
        emails.recordFeedback(from, new Feedback(Action.IGNORE, null, null, T0));
      }
      assertThat(emails.findCorrections(null, "ana@gmail.com", null, null, 10)).extracting(EmailRecord::emailId)
          .containsExactlyInAnyOrder("ana@gmail.com", "ANA@GMAIL.COM");
    }
  }
}
