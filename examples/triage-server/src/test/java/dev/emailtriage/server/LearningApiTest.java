package dev.emailtriage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import dev.emailtriage.Prompt;
import dev.emailtriage.Urgency;
import dev.emailtriage.spi.Decider;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13 over real HTTP: the sender memory (learned on the fourth mail, listed, revoked with the admin key,
 * retired by feedback), the quality report, and A/B tests started and ended over REST.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "GEMINI_API_KEY=", "GOOGLE_API_KEY=", "EMAILTRIAGE_EMBEDDED_DB=false",
    "EMAILTRIAGE_API_KEY=" + LearningApiTest.USER_KEY,
    "EMAILTRIAGE_ADMIN_KEY=" + LearningApiTest.ADMIN_KEY,
    "EMAILTRIAGE_RATE_LIMIT_PER_MINUTE=100000",
    "emailtriage.cache.enabled=false"})
@Import(LearningApiTest.IgnoringModel.class)
class LearningApiTest {

  static final String USER_KEY = "learn-user-key-1a2b3c4d5e";
  static final String ADMIN_KEY = "learn-admin-key-9f8e7d6c5b";
  static final AtomicInteger MODEL_CALLS = new AtomicInteger();

  /** A model that answers respond to a subject with "pergunta", else ignore, with confidence 0.95 and 100 tokens. */
  @TestConfiguration(proxyBeanMethods = false)
  static class IgnoringModel {
    @Bean
    Decider ignoringModel() {
      return new Decider() {
        @Override
        public Decision decide(Email email, Prompt prompt) {
          MODEL_CALLS.incrementAndGet();
          boolean question = email.subject().contains("pergunta");
          return Decision.builder().action(question ? Action.RESPOND : Action.IGNORE).confidence(0.95)
              .emailType(question ? EmailType.QUESTION : EmailType.NEWSLETTER)
              .urgency(Urgency.LOW).reason(question ? "a question" : "promotional mail")
              .source(DecisionSource.MODEL).tokenUsage(new dev.emailtriage.TokenUsage(90, 10, 0, 100))
              .prompt(prompt.id(), prompt.version()).modelVersion("test").build();
        }
      };
    }
  }

  @LocalServerPort
  int port;

  Http http;
  private static int seq;

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  private JsonNode process(String from) {
    seq++;
    String id = "learn-" + seq + "-" + from.hashCode();
    Http.Answer a = http.post("/api/v1/emails/process", USER_KEY, """
        {"email_id": "%s", "from": "%s", "to": "support@biofraga.com",
         "subject": "Ofertas da semana %d", "body": "Promoções exclusivas número %d, só hoje.",
         "received_at": "2025-01-15T10:30:00Z"}""".formatted(id, from, seq, seq));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.json();
  }

  private JsonNode rules() {
    Http.Answer a = http.get("/api/v1/learned-rules", USER_KEY);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.json().path("rules");
  }

  private Http.Answer delete(String path, String key) {
    return Http.send(http.request(path, key).DELETE().build());
  }

  private static String ruleOf(JsonNode rules, String identity) {
    for (JsonNode r : rules) {
      if (r.path("identity").asString().equals(identity)) {
        return r.path("id").asString();
      }
    }
    return null;
  }

  @Test
  void learnsListsAndRevokesWithTheAdminKey() {
    String sender = "ofertas@loja-a.example";
    process(sender);
    process(sender);
    process(sender);
    int calls = MODEL_CALLS.get();
    JsonNode fourth = process(sender);
    assertThat(MODEL_CALLS.get()).isEqualTo(calls);
    assertThat(fourth.path("source").asString()).isEqualTo("learned");
    String id = ruleOf(rules(), sender);
    assertThat(id).startsWith("lr_");
    assertThat(fourth.path("reason").asString()).contains(id);
    for (JsonNode r : rules()) {
      if (r.path("id").asString().equals(id)) {
        assertThat(r.path("evidence_email_ids")).hasSize(3);
        assertThat(r.path("hits").asLong()).isEqualTo(1);
        assertThat(r.path("expires_at").asString()).isNotBlank();
      }
    }

    assertThat(delete("/api/v1/learned-rules/" + id, USER_KEY).status()).isEqualTo(403);
    assertThat(delete("/api/v1/learned-rules/" + id, null).status()).isEqualTo(401);
    assertThat(delete("/api/v1/learned-rules/" + id, ADMIN_KEY).status()).isEqualTo(204);
    Http.Answer again = delete("/api/v1/learned-rules/" + id, ADMIN_KEY);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.header("Content-Type")).startsWith("application/problem+json");
    assertThat(ruleOf(rules(), sender)).isNull();
    assertThat(process(sender).path("source").asString()).isEqualTo("model");
  }

  @Test
  void aRespondFeedbackOverRestRetiresTheRule() {
    String sender = "news@loja-b.example";
    process(sender);
    process(sender);
    process(sender);
    JsonNode learned = process(sender);
    assertThat(learned.path("source").asString()).isEqualTo("learned");
    assertThat(ruleOf(rules(), sender)).isNotNull();

    Http.Answer fb = http.post("/api/v1/emails/" + learned.path("email_id").asString() + "/feedback", USER_KEY,
        "{\"correct_decision\": \"respond\", \"comment\": \"a customer's order\"}");
    assertThat(fb.status()).as(fb.body()).isEqualTo(200);

    assertThat(ruleOf(rules(), sender)).isNull();
    assertThat(process(sender).path("source").asString()).isEqualTo("model");
  }

  private JsonNode processQuestion(String id) {
    Http.Answer a = http.post("/api/v1/emails/process", USER_KEY, """
        {"email_id": "%s", "from": "cliente-%s@example.com", "to": "support@biofraga.com",
         "subject": "Uma pergunta %s", "body": "Olá, qual o prazo de entrega do pedido %s?",
         "received_at": "2025-01-15T10:30:00Z"}""".formatted(id, id, id, id));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.json();
  }

  @Test
  void qualityAndAbTestOverRest() {
    Http.Answer created = http.post("/api/v1/prompts", ADMIN_KEY,
        "{\"name\": \"ab-challenger\", \"system_prompt\": \"Seja breve.\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String challengerId = created.json().path("id").asString();
    String path = "/api/v1/prompts/" + challengerId + "/challenger";

    assertThat(http.put(path, USER_KEY, "{\"share\": 0.5}").status()).isEqualTo(403);
    assertThat(http.put(path, ADMIN_KEY, "{\"share\": 1.5}").status()).isEqualTo(400);
    assertThat(http.put(path, ADMIN_KEY, "{}").status()).isEqualTo(400);
    assertThat(http.put("/api/v1/prompts/no-such-prompt/challenger", ADMIN_KEY, "{\"share\": 0.5}").status())
        .isEqualTo(404);
    Http.Answer started = http.put(path, ADMIN_KEY, "{\"share\": 0.5}");
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    assertThat(started.json().path("challenger_prompt_id").asString()).isEqualTo(challengerId);

    JsonNode before = http.get("/api/v1/analytics/quality", USER_KEY).json().path("ab_test");
    long activeBefore = before.path("active").path("figures").path("decided").asLong(0);
    long activeFeedbackBefore = before.path("active").path("figures").path("with_feedback").asLong(0);
    assertThat(before.path("challenger").path("figures").path("decided").asLong(0)).isZero();
    int questions = 0;
    for (int i = 0; i < 24; i++) {
      JsonNode r = processQuestion("ab-" + i);
      questions++;
      if (i % 3 == 0) {
        Http.Answer fb = http.post("/api/v1/emails/ab-" + i + "/feedback", USER_KEY,
            i % 2 == 0 ? "{\"correct_decision\": \"ignore\"}" : "{\"comment\": \"right\"}");
        assertThat(fb.status()).as(fb.body()).isEqualTo(200);
      }
      assertThat(r.path("source").asString()).isEqualTo("model");
    }

    Http.Answer q = http.get("/api/v1/analytics/quality", USER_KEY);
    assertThat(q.status()).as(q.body()).isEqualTo(200);
    JsonNode ab = q.json().path("ab_test");
    assertThat(ab.path("share").asDouble()).isEqualTo(0.5);
    JsonNode active = ab.path("active").path("figures");
    JsonNode challenger = ab.path("challenger").path("figures");
    assertThat(ab.path("challenger").path("prompt_id").asString()).isEqualTo(challengerId);
    assertThat(active.path("decided").asLong() - activeBefore + challenger.path("decided").asLong())
        .as("every question went to one of the two versions").isEqualTo(questions);
    assertThat(challenger.path("decided").asLong()).isPositive();
    assertThat(challenger.path("model_calls").asLong()).isEqualTo(challenger.path("decided").asLong());
    assertThat(challenger.path("total_tokens").asLong()).isEqualTo(100 * challenger.path("decided").asLong());
    assertThat(active.path("with_feedback").asLong() - activeFeedbackBefore
        + challenger.path("with_feedback").asLong()).isEqualTo(8);
    JsonNode overall = q.json().path("overall");
    assertThat(overall.path("calibration")).hasSize(10);
    assertThat(overall.path("confusion")).hasSize(4);
    assertThat(q.json().path("by_source")).hasSize(5);

    Http.Answer bad = http.get("/api/v1/analytics/quality?start_date=2025-02-01&end_date=2025-01-01", USER_KEY);
    assertThat(bad.status()).isEqualTo(400);

    assertThat(Http.send(http.request("/api/v1/prompts/challenger", USER_KEY).DELETE().build()).status())
        .isEqualTo(403);
    assertThat(Http.send(http.request("/api/v1/prompts/challenger", ADMIN_KEY).DELETE().build()).status())
        .isEqualTo(204);
    assertThat(http.get("/api/v1/analytics/quality", USER_KEY).json().has("ab_test")).isFalse();
  }
}
