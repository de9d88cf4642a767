package dev.emailtriage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emailtriage.InvalidEmailException.Violation;
import dev.emailtriage.internal.Validation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one text rule (no NUL, no unpaired surrogate) and the date bounds, for every field of an email. */
class EmailTextRuleTest {

  private static List<String> fields(Email email) {
    return Validation.violations(email).stream().map(Violation::field).toList();
  }

  @Test
  void refusesNulInAnyTextFieldNamingIt() {
    Email base = TestEmails.question("nul-1");
    assertThat(fields(base)).isEmpty();
    assertThat(fields(base.toBuilder().body("a\u0000b").build())).containsExactly("body");
    assertThat(fields(base.toBuilder().subject("\u0000").build())).containsExactly("subject");
    assertThat(fields(base.toBuilder().from("a\u0000@example.com").to("b\u0000@example.com").build()))
        .containsExactly("from", "to");
    assertThat(fields(base.toBuilder().threadId("t\u0000").attachments(List.of("ok.pdf", "x\u0000.pdf")).build()))
        .containsExactly("attachments[1]", "thread_id");
    assertThat(fields(base.toBuilder().metadata(new EmailMetadata(null, List.of("\u0000"),
        Map.of("k", List.of("v\u0000")))).build()))
        .containsExactly("metadata.custom_fields.k[0]", "metadata.labels[0]");
    assertThat(fields(base.toBuilder().header("X-Test", "v\u0000").build())).containsExactly("headers[x-test][0]");
  }

  @Test
  void refusesUnpairedSurrogatesSoTwoIdsCanNeverBecomeOne() {
    Email base = TestEmails.question("x");
    assertThat(fields(base.toBuilder().emailId("lone2\ud800x").build())).containsExactly("email_id");
    assertThat(fields(base.toBuilder().emailId("lone2\udc00x").build())).containsExactly("email_id");
    assertThat(fields(base.toBuilder().emailId("trail\ud800").build())).containsExactly("email_id");
    // A real pair (an emoji) is fine.
    assertThat(fields(base.toBuilder().emailId("emoji-\ud83d\ude00").body("ok \ud83d\ude00").build())).isEmpty();
    assertThat(Validation.textProblem("lone2\ud800x")).contains("unpaired UTF-16 surrogate");
    assertThat(Validation.textProblem("a\u0000")).contains("NUL");
  }

  @Test
  void refusesNullHeaderValuesNamingThem() {
    Map<String, List<String>> headers = new java.util.HashMap<>();
    List<String> values = new ArrayList<>();
    values.add(null);
    headers.put("X-Foo", values);
    Email email = TestEmails.question("h").toBuilder().headers(headers).build();
    assertThat(fields(email)).containsExactly("headers[x-foo][0]");
    assertThat(email.header("x-foo")).isEmpty();
  }

  @Test
  void refusesDatesNoStoreCanKeep() {
    Email base = TestEmails.question("d");
    assertThat(fields(base.toBuilder().receivedAt(Instant.parse("+294277-01-01T00:00:00Z")).build()))
        .containsExactly("received_at");
    assertThat(fields(base.toBuilder().receivedAt(Instant.MIN).build())).containsExactly("received_at");
    assertThat(fields(base.toBuilder().receivedAt(Instant.parse("0000-12-31T23:59:59Z")).build()))
        .containsExactly("received_at");
    assertThat(fields(base.toBuilder().receivedAt(Instant.parse("0001-01-01T00:00:00Z")).build())).isEmpty();
    assertThat(fields(base.toBuilder().receivedAt(Instant.parse("9999-12-31T23:59:59Z")).build())).isEmpty();
  }

  @Test
  void thePipelineRefusesThemBeforeStoringAnything() {
    InMemoryDecisionStore store = new InMemoryDecisionStore();
    try (EmailTriage triage = EmailTriage.builder().decider(new OfflineFallbackDecider()).store(store)
        .workerThreads(0).build()) {
      Email bad = TestEmails.question("lone\ud800");
      assertThatThrownBy(() -> triage.process(bad)).isInstanceOf(InvalidEmailException.class)
          .hasMessageContaining("email_id");
      assertThatThrownBy(() -> triage.submit(bad)).isInstanceOf(InvalidEmailException.class);
      assertThat(store.find("lone\ud800")).isEmpty();
      assertThat(store.find("lone?")).isEmpty();
    }
  }
}
