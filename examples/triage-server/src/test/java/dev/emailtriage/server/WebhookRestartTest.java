package dev.emailtriage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.Email;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.EmailType;
import dev.emailtriage.Urgency;
import dev.emailtriage.spi.DecisionStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Issue 11, finding 4: a webhook pending when the server stops is delivered after it starts again (the outbox is in
 * the embedded PostgreSQL), with the same {@code webhook-id}, signed per Standard Webhooks and verified by the
 * receiver with the reference library.
 */
class WebhookRestartTest {

  static final String KEY = "hook-user-key-1234567890abcdef";
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private static ConfigurableApplicationContext start(Path dir, WebhookReceiver receiver) {
    return SpringApplication.run(TriageServerApplication.class, "--server.port=0", "--GEMINI_API_KEY=",
        "--GOOGLE_API_KEY=", "--EMAILTRIAGE_API_KEY=" + KEY, "--EMAILTRIAGE_ADMIN_KEY=hook-admin-key-1234567890abcd",
        "--EMAILTRIAGE_RATE_LIMIT_PER_MINUTE=1000", "--EMAILTRIAGE_EMBEDDED_DB_DIR=" + dir,
        "--EMAILTRIAGE_WEBHOOK_URL=" + receiver.url(), "--EMAILTRIAGE_WEBHOOK_SECRET=" + SECRET,
        "--emailtriage.server.webhook-initial-backoff=100ms", "--emailtriage.server.webhook-max-attempts=1000",
        "--emailtriage.server.webhook-poll-interval=100ms");
  }

  private static Http http(ConfigurableApplicationContext context) {
    return new Http(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
  }

  private static JsonNode delivery(Http http, String emailId) {
    return http.get("/api/v1/webhooks/deliveries?email_id=" + emailId, KEY).json().path("items").path(0);
  }

  @Test
  void aDeliveryPendingAtShutdownIsDeliveredAfterTheRestart(@TempDir Path temp) throws Exception {
    Path dir = temp.resolve("postgres");
    String id = "hook-restart-" + System.nanoTime();
    String webhookId;
    try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
      receiver.down(true);
      try (ConfigurableApplicationContext first = start(dir, receiver)) {
        Http http = http(first);
        Http.Answer accepted = http.post("/api/v1/emails/process?async=true", KEY,
            Http.email(id, "hook@example.com", "2025-01-15T10:30:00Z"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode pending = await("two refused attempts").atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(100)).until(() -> delivery(http, id), d -> d.path("attempts").asInt() >= 2);
        assertThat(pending.path("status").asString()).isEqualTo("pending");
        assertThat(pending.path("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(pending.path("last_error").asString()).isEqualTo("HTTP 503");
        webhookId = pending.path("id").asString();
      }
      assertThat(receiver.deliveries()).isEmpty();

      receiver.down(false);
      try (ConfigurableApplicationContext second = start(dir, receiver)) {
        String jobId = http(second).get("/api/v1/emails/" + id + "/status", KEY).json().path("job_id").asString();
        WebhookReceiver.Delivery delivered = receiver.await(jobId, 120);
        assertThat(delivered).as("delivered after the restart; refused: " + receiver.refusals()).isNotNull();
        assertThat(delivered.header("webhook-id")).isEqualTo(webhookId);
        assertThat(receiver.refusals()).isEmpty();
        JsonNode done = await("the outbox row delivered").atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> delivery(http(second), id), d -> d.path("status").asString().equals("delivered"));
        assertThat(done.path("status").asString()).isEqualTo("delivered");
        assertThat(receiver.count(jobId)).isEqualTo(1);
      }
    }
  }

  @Test
  void aJobStoredWithoutItsDeliveryIsQueuedAtTheNextStart(@TempDir Path temp) throws Exception {
    Path dir = temp.resolve("postgres");
    try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
      try (ConfigurableApplicationContext first = start(dir, receiver)) {
        Http http = http(first);
        // Webhooks were on: one ordinary delivery.
        Http.Answer accepted = http.post("/api/v1/emails/process?async=true", KEY,
            Http.email("hook-ordinary-" + System.nanoTime(), "hook@example.com", "2025-01-15T10:30:00Z"));
        assertThat(receiver.await(accepted.json().path("job_id").asString(), 120)).isNotNull();
        // A job whose decision was stored but whose delivery was not (the server died in between): written to the
        // store directly, past the pipeline and its listeners.
        Instant now = Instant.now();
        Email email = Email.builder().emailId("hook-orphan").from("a@example.com").to("b@example.com")
            .subject("s").body("b").receivedAt(now).build();
        Decision decision = Decision.builder().action(Action.IGNORE).confidence(0.9).emailType(EmailType.OTHER)
            .urgency(Urgency.LOW).reason("test").source(DecisionSource.RULE).build();
        first.getBean(DecisionStore.class).save(EmailRecord.queued(email, "job_orphan", now)
            .processed(decision, null, 0.1, now));
        assertThat(delivery(http, "hook-orphan").isMissingNode()).isTrue();
      }
      try (ConfigurableApplicationContext second = start(dir, receiver)) {
        assertThat(second.isActive()).isTrue();
        WebhookReceiver.Delivery d = receiver.await("job_orphan", 120);
        assertThat(d).as("queued and delivered at the start; refused: " + receiver.refusals()).isNotNull();
        assertThat(d.header("X-EmailTriage-Event")).isEqualTo("triage.completed");
      }
    }
  }
}
