package dev.emailtriage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON of DESIGN.md's wire format, as any Jackson mapper writes it from the records' annotations. */
class WireFormatTest {
  private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  @Test
  void processedResultIsFlatSnakeCaseWithLowercaseEnums() throws Exception {
    Decision d = Decision.builder().action(Action.RESPOND).confidence(0.923).emailType(EmailType.QUESTION)
        .urgency(Urgency.HIGH).reason("Cliente fazendo pergunta direta sobre produto")
        .suggestedResponse(new SuggestedResponse("Re: Dúvida", "Olá! Obrigado...", Tone.PROFESSIONAL))
        .source(DecisionSource.MODEL).prompt("prompt_default", 1).modelVersion("gemini-2.5-flash").build();
    TriageResult r = TriageResult.processed("msg_12345", d, 1.23456, Instant.parse("2025-01-15T10:30:02Z"), null);

    JsonNode n = json.readTree(json.writeValueAsString(r));

    assertThat(n.get("status").asText()).isEqualTo("processed");
    assertThat(n.get("email_id").asText()).isEqualTo("msg_12345");
    assertThat(n.get("decision").asText()).isEqualTo("respond");
    assertThat(n.get("confidence").asDouble()).isEqualTo(0.92);
    assertThat(n.get("email_type").asText()).isEqualTo("question");
    assertThat(n.get("urgency").asText()).isEqualTo("high");
    assertThat(n.get("source").asText()).isEqualTo("model");
    assertThat(n.get("needs_review").asBoolean()).isFalse();
    assertThat(n.get("processing_time").asDouble()).isEqualTo(1.235);
    assertThat(n.get("processed_at").asText()).isEqualTo("2025-01-15T10:30:02Z");
    assertThat(n.get("suggested_response").get("tone").asText()).isEqualTo("professional");
    assertThat(n.get("suggested_response").get("draft").asBoolean()).isTrue();
    assertThat(n.has("job_id")).isFalse();
    assertThat(n.has("error")).isFalse();
  }

  @Test
  void ignoreDecisionOmitsSuggestedResponseAndNotificationTypeIsLowercase() throws Exception {
    Decision d = Decision.builder().action(Action.IGNORE).confidence(0.99).emailType(EmailType.NOTIFICATION)
        .urgency(Urgency.LOW).reason("bounce").source(DecisionSource.RULE).rule("delivery-report").build();
    JsonNode n = json.readTree(json.writeValueAsString(TriageResult.processed("x", d, 0, Instant.EPOCH, "job_1")));
    assertThat(n.has("suggested_response")).isFalse();
    assertThat(n.get("email_type").asText()).isEqualTo("notification");
    assertThat(n.get("source").asText()).isEqualTo("rule");
    assertThat(n.get("job_id").asText()).isEqualTo("job_1");
  }

  @Test
  void examplesUsedIsWrittenOnlyWhenTheModelGotCorrectionExamples() throws Exception {
    Decision d = Decision.builder().action(Action.IGNORE).confidence(0.9).emailType(EmailType.SPAM)
        .urgency(Urgency.LOW).reason("spam").source(DecisionSource.MODEL).build();
    JsonNode without = json.readTree(json.writeValueAsString(TriageResult.processed("x", d, 0, Instant.EPOCH, null)));
    JsonNode with = json.readTree(json.writeValueAsString(
        TriageResult.processed("x", d.toBuilder().examplesUsed(2).build(), 0, Instant.EPOCH, null)));
    assertThat(without.has("examples_used")).isFalse();
    assertThat(with.get("examples_used").asInt()).isEqualTo(2);
  }

  @Test
  void promptJsonNeverCarriesExamples() throws Exception {
    Prompt p = new Prompt("p", "default", 1, "texto", DecisionCriteria.DEFAULT, true, Instant.EPOCH)
        .withExamples(java.util.List.of(new CorrectionExample(CorrectionExample.Match.SAME_SENDER, "a@b.c", "s",
            "e", Action.RESPOND, Action.IGNORE, EmailType.SPAM)));
    JsonNode n = json.readTree(json.writeValueAsString(p));
    assertThat(n.has("examples")).isFalse();
    assertThat(n.get("system_prompt").asText()).isEqualTo("texto");
  }

  @Test
  void queuedResultCarriesJobIdAndNoDecision() throws Exception {
    JsonNode n = json.readTree(json.writeValueAsString(TriageResult.queued("msg_1", "job_67890")));
    assertThat(n.get("status").asText()).isEqualTo("queued");
    assertThat(n.get("job_id").asText()).isEqualTo("job_67890");
    assertThat(n.has("decision")).isFalse();
  }

  @Test
  void originRequestBodyReadsIntoAnEmail() throws Exception {
    String body = """
        { "email_id": "msg_12345", "from": "cliente@example.com", "to": "support@biofraga.com",
          "subject": "Dúvida sobre produto", "body": "Olá, gostaria de saber mais sobre...",
          "thread_id": "thread_123", "received_at": "2025-01-15T10:30:00Z", "attachments": [],
          "metadata": { "priority": "normal", "labels": ["INBOX", "UNREAD"], "custom_fields": {"crm": 7} } }
        """;
    Email e = json.readValue(body, Email.class);
    assertThat(e.emailId()).isEqualTo("msg_12345");
    assertThat(e.threadId()).isEqualTo("thread_123");
    assertThat(e.receivedAt()).isEqualTo(Instant.parse("2025-01-15T10:30:00Z"));
    assertThat(e.metadata().priority()).isEqualTo(Priority.NORMAL);
    assertThat(e.metadata().labels()).containsExactly("INBOX", "UNREAD");
    assertThat(e.metadata().customFields()).containsEntry("crm", 7);
  }

  @Test
  void confidenceIsRoundedToTwoDecimals() {
    Decision d = Decision.builder().action(Action.IGNORE).confidence(0.875).emailType(EmailType.SPAM)
        .urgency(Urgency.LOW).reason("r").source(DecisionSource.MODEL).build();
    assertThat(d.confidence()).isEqualTo(0.88);
  }

  @Test
  void enumsParseTheirWireNamesAndRejectOthersListingTheChoices() {
    assertThat(EmailType.fromWire("auto_reply")).isEqualTo(EmailType.AUTO_REPLY);
    assertThat(Priority.fromWire("NORMAL")).isEqualTo(Priority.NORMAL);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Action.fromWire("maybe"))
        .hasMessageContaining("respond").hasMessageContaining("ignore");
    assertThat(List.of(EmailType.values())).extracting(EmailType::wireName)
        .containsExactly("question", "complaint", "request", "spam", "newsletter", "auto_reply", "other",
            "notification");
  }
}
