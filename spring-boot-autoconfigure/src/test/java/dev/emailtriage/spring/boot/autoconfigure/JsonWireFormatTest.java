package dev.emailtriage.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.EmailType;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.Tone;
import dev.emailtriage.TriageResult;
import dev.emailtriage.Urgency;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Spring Boot 4's own Jackson 3 mapper writes DESIGN.md's wire format from the records' annotations. */
class JsonWireFormatTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class));

  @Test
  void bootsJsonMapperWritesTheWireFormat() {
    Decision d = Decision.builder().action(Action.RESPOND).confidence(0.923).emailType(EmailType.AUTO_REPLY)
        .urgency(Urgency.HIGH).reason("Cliente fazendo pergunta direta sobre produto")
        .suggestedResponse(new SuggestedResponse("Re: Dúvida", "Olá! Obrigado...", Tone.PROFESSIONAL))
        .source(DecisionSource.MODEL).needsReview(true).prompt("prompt_default", 1)
        .modelVersion("gemini-2.5-flash").build();
    TriageResult r = TriageResult.processed("msg_12345", d, 1.23456, Instant.parse("2025-01-15T10:30:02Z"), null);

    runner.run(context -> {
      JsonMapper json = context.getBean(JsonMapper.class);
      JsonNode n = json.readTree(json.writeValueAsString(r));

      assertThat(n.get("status").asString()).isEqualTo("processed");
      assertThat(n.get("email_id").asString()).isEqualTo("msg_12345");
      assertThat(n.get("decision").asString()).isEqualTo("respond");
      assertThat(n.get("confidence").asDouble()).isEqualTo(0.92);
      assertThat(n.get("email_type").asString()).isEqualTo("auto_reply");
      assertThat(n.get("urgency").asString()).isEqualTo("high");
      assertThat(n.get("reason").asString()).startsWith("Cliente");
      assertThat(n.get("source").asString()).isEqualTo("model");
      assertThat(n.get("needs_review").asBoolean()).isTrue();
      assertThat(n.get("processing_time").asDouble()).isEqualTo(1.235);
      assertThat(n.get("processed_at").isString()).isTrue();
      assertThat(n.get("processed_at").asString()).isEqualTo("2025-01-15T10:30:02Z");
      assertThat(n.get("suggested_response").get("subject").asString()).isEqualTo("Re: Dúvida");
      assertThat(n.get("suggested_response").get("tone").asString()).isEqualTo("professional");
      assertThat(n.get("suggested_response").get("draft").asBoolean()).isTrue();
      assertThat(n.has("job_id")).isFalse();
      assertThat(n.has("error")).isFalse();
      assertThat(n.has("emailId")).isFalse();
      assertThat(n.has("action")).isFalse();
    });
  }

  @Test
  void bootsJsonMapperOmitsAnAbsentReplyAndWritesTheJobId() {
    Decision d = Decision.builder().action(Action.IGNORE).confidence(0.99).emailType(EmailType.NOTIFICATION)
        .urgency(Urgency.LOW).reason("bounce").source(DecisionSource.RULE).rule("delivery-report").build();
    runner.run(context -> {
      JsonMapper json = context.getBean(JsonMapper.class);
      JsonNode n = json.readTree(json.writeValueAsString(TriageResult.processed("x", d, 0, Instant.EPOCH, "job_1")));
      assertThat(n.has("suggested_response")).isFalse();
      assertThat(n.get("decision").asString()).isEqualTo("ignore");
      assertThat(n.get("source").asString()).isEqualTo("rule");
      assertThat(n.get("job_id").asString()).isEqualTo("job_1");
      assertThat(n.get("processed_at").asString()).isEqualTo("1970-01-01T00:00:00Z");
    });
  }
}
