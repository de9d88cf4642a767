package dev.emailtriage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Every endpoint and every error status over real HTTP on a random port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "GEMINI_API_KEY=", "GOOGLE_API_KEY=", "EMAILTRIAGE_EMBEDDED_DB=false",
    "EMAILTRIAGE_API_KEY=" + ApiTest.USER_KEY,
    "EMAILTRIAGE_ADMIN_KEY=" + ApiTest.ADMIN_KEY,
    "EMAILTRIAGE_RATE_LIMIT_PER_MINUTE=100000",
    "EMAILTRIAGE_WEBHOOK_SECRET=" + ApiTest.WEBHOOK_SECRET,
    "emailtriage.server.webhook-initial-backoff=100ms"})
@Import(TestDecider.Config.class)
class ApiTest {

  static final String USER_KEY = "test-user-key-5f1c0d2a9b";
  static final String ADMIN_KEY = "test-admin-key-8e7d6c5b4a";
  static final String WEBHOOK_SECRET = "test-webhook-secret";
  static final WebhookReceiver RECEIVER = new WebhookReceiver(WEBHOOK_SECRET);

  @DynamicPropertySource
  static void webhook(DynamicPropertyRegistry registry) {
    registry.add("EMAILTRIAGE_WEBHOOK_URL", RECEIVER::url);
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
  }

  @LocalServerPort
  int port;

  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  private static String id(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  private static void assertProblem(Http.Answer a, int status) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.header("Content-Type")).startsWith("application/problem+json");
    JsonNode p = a.json();
    assertThat(p.path("status").asInt()).isEqualTo(status);
    assertThat(p.path("title").asString()).isNotBlank();
    assertThat(a.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("trace");
  }

  private static List<String> fields(Http.Answer a) {
    List<String> fields = new ArrayList<>();
    for (JsonNode e : a.json().path("errors")) {
      fields.add(e.path("field").asString());
    }
    return fields;
  }

  // --- the origin plan's three curl examples, verbatim --------------------------------------------------------

  @Test
  void originExampleOneProcessesAnEmail() {
    Http.Answer a = http.post("/api/v1/emails/process", USER_KEY, """
        { "email_id": "msg_test_001", "from": "cliente@example.com", "to": "support@biofraga.com",
                "subject": "Quanto custa o produto X?",
                "body": "Olá, gostaria de saber o preço do produto X e se há desconto para compra em quantidade.",
                "received_at": "2025-01-15T10:30:00Z" }""");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    JsonNode r = a.json();
    assertThat(r.path("status").asString()).isEqualTo("processed");
    assertThat(r.path("email_id").asString()).isEqualTo("msg_test_001");
    assertThat(r.path("decision").asString()).isIn("respond", "ignore");
    assertThat(r.path("confidence").asDouble()).isBetween(0.0, 1.0);
    assertThat(r.path("reason").asString()).isNotBlank();
    assertThat(r.path("source").asString()).isEqualTo("fallback");
    assertThat(r.path("needs_review").asBoolean()).isTrue();
    assertThat(r.has("processing_time")).isTrue();
    assertThat(Instant.parse(r.path("processed_at").asString())).isBeforeOrEqualTo(Instant.now());
  }

  @Test
  void originExampleTwoReadsTheAnalytics() {
    Http.Answer a = http.get("/api/v1/analytics/summary?start_date=2025-01-01&end_date=2025-01-31", USER_KEY);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    JsonNode s = a.json();
    assertThat(s.path("period").path("start").asString()).isEqualTo("2025-01-01");
    assertThat(s.path("period").path("end").asString()).isEqualTo("2025-01-31");
    assertThat(s.path("totals").has("emails_processed")).isTrue();
    assertThat(s.path("totals").has("response_rate")).isTrue();
    assertThat(s.path("average_metrics").has("confidence_score")).isTrue();
    assertThat(s.path("top_reasons").has("respond")).isTrue();
  }

  @Test
  void originExampleThreeUpdatesThePromptByNameWithTheAdminKey() {
    int before = http.get("/api/v1/prompts/default", USER_KEY).json().path("version").asInt();
    Http.Answer a = http.put("/api/v1/prompts/default", ADMIN_KEY, """
        { "system_prompt": "Novo prompt mais específico...",
                "decision_criteria": { "respond_to": ["questions", "complaints"], "ignore": ["spam", "newsletters"] } }""");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    JsonNode p = a.json();
    assertThat(p.path("name").asString()).isEqualTo("default");
    assertThat(p.path("version").asInt()).isEqualTo(before + 1);
    assertThat(p.path("system_prompt").asString()).isEqualTo("Novo prompt mais específico...");
    assertThat(p.path("decision_criteria").path("ignore").get(1).asString()).isEqualTo("newsletters");
    // With the ordinary key the same request is forbidden.
    assertProblem(http.put("/api/v1/prompts/default", USER_KEY, "{\"system_prompt\": \"x\"}"), 403);
  }

  // --- keys ------------------------------------------------------------------------------------------------

  @Test
  void healthNeedsNoKey() {
    Http.Answer a = http.get("/api/v1/health", null);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().path("status").asString()).isEqualTo("ok");
    assertThat(http.get("/health", null).status()).isEqualTo(200);
  }

  @Test
  void everythingElseNeedsAValidKey() {
    for (String path : List.of("/api/v1/emails", "/api/v1/prompts", "/api/v1/prompts/current",
        "/api/v1/analytics/summary", "/api/v1/emails/x/status")) {
      assertProblem(http.get(path, null), 401);
      Http.Answer wrong = http.get(path, USER_KEY + "x");
      assertProblem(wrong, 401);
      assertThat(wrong.header("WWW-Authenticate")).isEqualTo("Bearer");
      assertThat(wrong.json().path("title").asString()).isEqualTo("Invalid API Key");
    }
    assertProblem(http.post("/api/v1/emails/process", null, Http.email("k", "a@example.com", "2025-01-15T10:30:00Z")),
        401);
    Http.Answer basic = Http.send(http.request("/api/v1/emails", null).header("Authorization", "Basic " + USER_KEY)
        .GET().build());
    assertProblem(basic, 401);
    // Encoded or parameterised paths reach the same handlers, so they need the key too.
    for (String path : List.of("/api;x=1/v1/emails", "/%61pi/v1/emails", "/api/v1;x/emails", "/api/v1/emails;x",
        "/api/v1/health/../emails", "/api/v1/health;x/../emails", "/api/v1//emails", "/api/v1/%65mails")) {
      Http.Answer a = Http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build());
      assertThat(a.status()).as(path + " -> " + a.body()).isIn(400, 401, 404);
      assertThat(a.body()).as(path).doesNotContain("\"items\"");
    }
    // The admin key can do everything the ordinary key can.
    assertThat(http.get("/api/v1/emails?limit=1", ADMIN_KEY).status()).isEqualTo(200);
  }

  // --- processing ------------------------------------------------------------------------------------------

  @Test
  void rePostingAnEmailIdReturnsTheStoredDecision() {
    String id = id("idem");
    Http.Answer first = http.post("/api/v1/emails/process", USER_KEY, Http.email(id, "a@example.com",
        "2025-01-15T10:30:00Z"));
    Http.Answer second = http.post("/api/v1/emails/process", USER_KEY, Http.email(id, "a@example.com",
        "2025-01-15T10:30:00Z"));
    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().path("processed_at").asString()).isEqualTo(first.json().path("processed_at").asString());
    // Asking async for an email already decided answers with the decision.
    Http.Answer async = Http.send(http.request("/api/v1/emails/process", USER_KEY)
        .header("Content-Type", "application/json").header("Prefer", "respond-async")
        .POST(HttpRequest.BodyPublishers.ofString(Http.email(id, "a@example.com", "2025-01-15T10:30:00Z"))).build());
    assertThat(async.status()).isEqualTo(200);
    assertThat(async.json().path("processed_at").asString()).isEqualTo(first.json().path("processed_at").asString());
  }

  @Test
  void aHundredConcurrentPostsOfOneEmailGiveOneDecision() {
    String id = id("concurrent");
    String from = id("conc") + "@example.com";
    String body = Http.email(id, from, "2025-01-15T10:30:00Z");
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      HttpRequest request = http.request("/api/v1/emails/process", USER_KEY)
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
      calls.add(Http.CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    Set<String> decidedAt = new HashSet<>();
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      HttpResponse<String> r = call.join();
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      decidedAt.add(Http.JSON.readTree(r.body()).path("processed_at").asString());
    }
    assertThat(decidedAt).hasSize(1);
    JsonNode list = http.get("/api/v1/emails?from=" + from, USER_KEY).json();
    assertThat(list.path("items")).hasSize(1);
  }

  @Test
  void invalidEmailsAreA400NamingEveryBadFieldByItsJsonName() {
    Http.Answer a = http.post("/api/v1/emails/process", USER_KEY, """
        {"email_id": "", "from": "not-an-address", "to": "support@", "subject": "", "body": " ",
         "attachments": ["a", null], "metadata": {"labels": [null]}}""");
    assertProblem(a, 400);
    assertThat(fields(a)).containsExactlyInAnyOrder("email_id", "from", "to", "subject", "body", "received_at",
        "attachments[1]", "metadata.labels[0]");
    assertThat(a.json().path("detail").asString()).contains("email_id", "from", "received_at");
  }

  @Test
  void unreadableBodiesAreA400NotA500() {
    Http.Answer malformed = http.post("/api/v1/emails/process", USER_KEY, "{\"email_id\": \"x\",");
    assertProblem(malformed, 400);
    assertThat(malformed.json().path("detail").asString()).contains("not valid JSON");

    Http.Answer badEnum = http.post("/api/v1/emails/process", USER_KEY,
        "{\"email_id\": \"x\", \"metadata\": {\"priority\": \"urgent\"}}");
    assertProblem(badEnum, 400);
    assertThat(fields(badEnum)).containsExactly("metadata.priority");
    assertThat(badEnum.json().path("detail").asString()).contains("high", "normal");

    Http.Answer badType = http.post("/api/v1/emails/process", USER_KEY, "{\"email_id\": \"x\", \"attachments\": 5}");
    assertProblem(badType, 400);
    assertThat(fields(badType)).containsExactly("attachments");

    Http.Answer badDate = http.post("/api/v1/emails/process", USER_KEY,
        "{\"email_id\": \"x\", \"received_at\": \"yesterday\"}");
    assertProblem(badDate, 400);
    assertThat(fields(badDate)).containsExactly("received_at");

    assertProblem(http.post("/api/v1/emails/process", USER_KEY, "[1, 2]"), 400);
    assertProblem(http.post("/api/v1/emails/process", USER_KEY, null), 400);
    assertProblem(http.post("/api/v1/emails/process", USER_KEY, "null"), 400);
    Http.Answer badAsync = http.post("/api/v1/emails/process?async=maybe", USER_KEY,
        Http.email(id("a"), "a@example.com", "2025-01-15T10:30:00Z"));
    assertProblem(badAsync, 400);
    assertThat(fields(badAsync)).containsExactly("async");
    Http.Answer text = Http.send(http.request("/api/v1/emails/process", USER_KEY)
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello")).build());
    assertProblem(text, 415);
  }

  @Test
  void bodiesAboveTwoMegabytesAreA413() {
    String big = "{\"email_id\": \"big\", \"body\": \"" + "a".repeat(2 * 1024 * 1024 + 10) + "\"}";
    assertProblem(http.post("/api/v1/emails/process", USER_KEY, big), 413);
    // Without a Content-Length (chunked), the limit holds while reading.
    HttpRequest chunked = http.request("/api/v1/emails/process", USER_KEY).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))).build();
    assertProblem(Http.send(chunked), 413);
  }

  @Test
  void aFailedModelCallAnswersWithTheStoredFailedStateNeverA500() {
    String retry = id("fail-retry");
    Http.Answer a = http.post("/api/v1/emails/process", USER_KEY, Http.email(retry, "a@example.com",
        "2025-01-15T10:30:00Z"));
    assertThat(a.status()).as(a.body()).isEqualTo(202);
    assertThat(a.json().path("status").asString()).isEqualTo("failed");
    assertThat(a.json().path("retryable").asBoolean()).isTrue();
    assertThat(a.header("Location")).isEqualTo("/api/v1/emails/" + retry + "/status");
    JsonNode status = http.get("/api/v1/emails/" + retry + "/status", USER_KEY).json();
    assertThat(status.path("status").asString()).isEqualTo("failed");
    assertThat(status.path("retryable").asBoolean()).isTrue();

    String last = id("fail-final");
    Http.Answer b = http.post("/api/v1/emails/process", USER_KEY, Http.email(last, "a@example.com",
        "2025-01-15T10:30:00Z"));
    assertProblem(b, 503);
    assertThat(b.json().path("email_id").asString()).isEqualTo(last);
    assertThat(b.json().path("retryable").asBoolean()).isFalse();
    assertThat(b.json().path("email_status").asString()).isEqualTo("failed");
  }

  @Test
  void asyncProcessingCompletesAndItsSignedWebhookArrives() throws Exception {
    RECEIVER.failNext(1);
    String id = id("async");
    Http.Answer accepted = Http.send(http.request("/api/v1/emails/process", USER_KEY)
        .header("Content-Type", "application/json").header("Prefer", "respond-async")
        .POST(HttpRequest.BodyPublishers.ofString(Http.email(id, "a@example.com", "2025-01-15T10:30:00Z"))).build());
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    JsonNode queued = accepted.json();
    assertThat(queued.path("status").asString()).isEqualTo("queued");
    assertThat(queued.path("email_id").asString()).isEqualTo(id);
    String jobId = queued.path("job_id").asString();
    assertThat(jobId).isNotBlank();
    assertThat(queued.path("estimated_time").asInt()).isPositive();
    assertThat(accepted.header("Location")).isEqualTo("/api/v1/emails/" + id + "/status");

    JsonNode status = await("status of " + id).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> http.get("/api/v1/emails/" + id + "/status", USER_KEY).json(),
            s -> s.path("status").asString().equals("completed"));
    assertThat(status.path("job_id").asString()).isEqualTo(jobId);
    assertThat(status.path("decision").asString()).isIn("respond", "ignore");
    assertThat(status.path("response_sent").asBoolean()).isFalse();

    // The first delivery is refused (503); the retry arrives, signed (the receiver verified it with the Standard
    // Webhooks library), with the same webhook-id, and the outbox shows both attempts.
    WebhookReceiver.Delivery delivery = RECEIVER.await(jobId, 30);
    assertThat(delivery).as("webhook delivery of " + jobId).isNotNull();
    assertThat(delivery.header("webhook-signature")).startsWith("v1,");
    assertThat(delivery.header("Content-Type")).startsWith("application/json");
    JsonNode outbox = awaitDelivered(id);
    assertThat(outbox.path("id").asString()).isEqualTo(delivery.header("webhook-id"));
    assertThat(outbox.path("attempts").asInt()).isEqualTo(2);
    assertThat(outbox.path("event").asString()).isEqualTo("triage.completed");
    JsonNode payload = Http.JSON.readTree(delivery.body());
    assertThat(payload.path("email_id").asString()).isEqualTo(id);
    assertThat(payload.path("job_id").asString()).isEqualTo(jobId);
    assertThat(payload.path("status").asString()).isEqualTo("processed");
    assertThat(delivery.header("X-EmailTriage-Event")).isEqualTo("triage.completed");

    // ?async=true works the same way.
    String second = id("async-param");
    Http.Answer b = http.post("/api/v1/emails/process?async=true", USER_KEY, Http.email(second, "a@example.com",
        "2025-01-15T10:30:00Z"));
    assertThat(b.status()).isEqualTo(202);
    assertThat(RECEIVER.await(b.json().path("job_id").asString(), 30)).isNotNull();
  }

  /** The outbox row of the email's delivery once delivered (polled; the delivery itself was awaited first). */
  private JsonNode awaitDelivered(String emailId) {
    return await("outbox row of " + emailId + " delivered").atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50)).until(() -> {
          Http.Answer a = http.get("/api/v1/webhooks/deliveries?email_id=" + emailId, USER_KEY);
          assertThat(a.status()).as(a.body()).isEqualTo(200);
          return a.json().path("items").path(0);
        }, item -> item.path("status").asString().equals("delivered"));
  }

  @Test
  void aReplayedOrStaleDeliveryFailsVerification() throws Exception {
    String id = id("replay");
    Http.Answer accepted = http.post("/api/v1/emails/process?async=true", USER_KEY, Http.email(id, "a@example.com",
        "2025-01-15T10:30:00Z"));
    assertThat(accepted.status()).isEqualTo(202);
    WebhookReceiver.Delivery original = RECEIVER.await(accepted.json().path("job_id").asString(), 30);
    assertThat(original).isNotNull();
    // The captured delivery sent again: refused as a replay.
    assertThat(RECEIVER.verify(original)).startsWith("replay of");
    // With a fresh timestamp but the old signature: refused (the timestamp is signed).
    java.util.Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(original.headers());
    headers.put("webhook-timestamp", List.of(Long.toString(Instant.now().getEpochSecond())));
    headers.put("webhook-id", List.of("msg_other"));
    assertThat(RECEIVER.verify(new WebhookReceiver.Delivery(headers, original.body())))
        .startsWith("verification failed");
    // Signed correctly but six minutes old: refused.
    long stale = Instant.now().minusSeconds(360).getEpochSecond();
    headers.put("webhook-id", List.of("msg_stale"));
    headers.put("webhook-timestamp", List.of(Long.toString(stale)));
    headers.put("webhook-signature", List.of(new dev.emailtriage.server.webhook.WebhookSigner(WEBHOOK_SECRET)
        .sign("msg_stale", stale, original.body())));
    assertThat(RECEIVER.verify(new WebhookReceiver.Delivery(headers, original.body())))
        .startsWith("verification failed");
  }

  @Test
  void anAsyncJobThatFailsForGoodIsReportedByWebhookToo() throws Exception {
    String id = id("fail-final-async");
    Http.Answer accepted = http.post("/api/v1/emails/process?async=true", USER_KEY, Http.email(id, "a@example.com",
        "2025-01-15T10:30:00Z"));
    assertThat(accepted.status()).isEqualTo(202);
    String jobId = accepted.json().path("job_id").asString();
    WebhookReceiver.Delivery delivery = RECEIVER.await(jobId, 30);
    assertThat(delivery).isNotNull();
    assertThat(delivery.header("X-EmailTriage-Event")).isEqualTo("triage.failed");
    assertThat(delivery.header("webhook-signature")).startsWith("v1,");
    JsonNode payload = Http.JSON.readTree(delivery.body());
    assertThat(payload.path("status").asString()).isEqualTo("failed");
    assertThat(payload.path("retryable").asBoolean()).isFalse();
    assertThat(http.get("/api/v1/emails/" + id + "/status", USER_KEY).json().path("status").asString())
        .isEqualTo("failed");
  }

  @Test
  void synchronousDecisionsSendNoWebhook() {
    String id = id("sync-no-hook");
    assertThat(http.post("/api/v1/emails/process", USER_KEY, Http.email(id, "a@example.com",
        "2025-01-15T10:30:00Z")).status()).isEqualTo(200);
    // The outbox is written before the answer (the listener runs in the pipeline): nothing was queued to send.
    Http.Answer deliveries = http.get("/api/v1/webhooks/deliveries?email_id=" + id, USER_KEY);
    assertThat(deliveries.status()).as(deliveries.body()).isEqualTo(200);
    assertThat(deliveries.json().path("items")).isEmpty();
    assertThat(RECEIVER.count(id)).isZero();
  }

  // --- status, listing, feedback, sent ----------------------------------------------------------------------

  @Test
  void statusOfAnUnknownEmailIsA404() {
    assertProblem(http.get("/api/v1/emails/nope-" + UUID.randomUUID() + "/status", USER_KEY), 404);
  }

  @Test
  void listingFiltersAndPagesWithACursor() {
    String from = id("pager") + "@example.com";
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String id = id("page" + i);
      ids.add(id);
      assertThat(http.post("/api/v1/emails/process", USER_KEY,
          Http.email(id, from, "2025-01-1" + i + "T10:30:00Z")).status()).isEqualTo(200);
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String path = "/api/v1/emails?limit=2&decision=respond&source=fallback&needs_review=true&email_type=other"
          + "&start_date=2025-01-01&end_date=2025-01-31&from=" + from + (cursor == null ? "" : "&cursor=" + cursor);
      Http.Answer a = http.get(path, USER_KEY);
      assertThat(a.status()).as(a.body()).isEqualTo(200);
      for (JsonNode item : a.json().path("items")) {
        seen.add(item.path("email_id").asString());
        assertThat(item.path("status").asString()).isEqualTo("completed");
        assertThat(item.has("body")).isFalse();
      }
      cursor = a.json().path("next_cursor").isMissingNode() ? null : a.json().path("next_cursor").asString();
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactly(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));

    assertThat(http.get("/api/v1/emails?decision=ignore&from=" + from, USER_KEY).json().path("items")).isEmpty();
    assertThat(http.get("/api/v1/emails?from=" + from + "&start_date=2025-01-13&end_date=2025-01-13", USER_KEY)
        .json().path("items")).hasSize(1);
  }

  @Test
  void badListingParametersAreA400NamingEachOne() {
    Http.Answer a = http.get("/api/v1/emails?limit=201&decision=maybe&email_type=memo&source=oracle"
        + "&needs_review=perhaps&start_date=2025-13-01&end_date=tomorrow", USER_KEY);
    assertProblem(a, 400);
    assertThat(fields(a)).containsExactlyInAnyOrder("limit", "decision", "email_type", "source", "needs_review",
        "start_date", "end_date");
    assertThat(fields(http.get("/api/v1/emails?limit=0", USER_KEY))).containsExactly("limit");
    assertThat(fields(http.get("/api/v1/emails?limit=ten", USER_KEY))).containsExactly("limit");
    Http.Answer cursor = http.get("/api/v1/emails?cursor=not-a-cursor", USER_KEY);
    assertProblem(cursor, 400);
    assertThat(fields(cursor)).containsExactly("cursor");
    Http.Answer reversed = http.get("/api/v1/emails?start_date=2025-02-01&end_date=2025-01-01", USER_KEY);
    assertProblem(reversed, 400);
    assertThat(fields(reversed)).containsExactly("end_date");
  }

  @Test
  void feedbackAndSentAreRecorded() {
    String id = id("fb");
    http.post("/api/v1/emails/process", USER_KEY, Http.email(id, "a@example.com", "2025-01-15T10:30:00Z"));
    Http.Answer fb = http.post("/api/v1/emails/" + id + "/feedback", USER_KEY,
        "{\"correct_decision\": \"ignore\", \"correct_type\": \"newsletter\", \"comment\": \"a newsletter\"}");
    assertThat(fb.status()).as(fb.body()).isEqualTo(200);
    JsonNode feedback = fb.json().path("response_details").path("feedback");
    assertThat(feedback.path("correct_decision").asString()).isEqualTo("ignore");
    assertThat(feedback.path("correct_type").asString()).isEqualTo("newsletter");

    Http.Answer badFb = http.post("/api/v1/emails/" + id + "/feedback", USER_KEY, "{\"correct_decision\": \"maybe\"}");
    assertProblem(badFb, 400);
    assertThat(fields(badFb)).containsExactly("correct_decision");
    assertProblem(http.post("/api/v1/emails/" + id + "/feedback", USER_KEY, "{}"), 400);
    assertProblem(http.post("/api/v1/emails/unknown-" + id + "/feedback", USER_KEY, "{\"comment\": \"x\"}"), 404);

    assertThat(http.get("/api/v1/emails/" + id + "/status", USER_KEY).json().path("response_sent").asBoolean())
        .isFalse();
    Http.Answer sent = http.post("/api/v1/emails/" + id + "/sent", USER_KEY, null);
    assertThat(sent.status()).isEqualTo(200);
    assertThat(sent.json().path("response_sent").asBoolean()).isTrue();
    assertThat(http.get("/api/v1/emails/" + id + "/status", USER_KEY).json().path("response_sent").asBoolean())
        .isTrue();
    assertProblem(http.post("/api/v1/emails/unknown-" + id + "/sent", USER_KEY, null), 404);
  }

  // --- prompts ---------------------------------------------------------------------------------------------

  @Test
  void promptsCanBeCreatedUpdatedAndActivatedWithTheAdminKey() {
    JsonNode current = http.get("/api/v1/prompts/current", USER_KEY).json();
    assertThat(current.path("active").asBoolean()).isTrue();
    assertThat(current.has("system_prompt")).isTrue();
    assertThat(current.has("decision_criteria")).isTrue();

    String name = "aggressive_responder_" + UUID.randomUUID().toString().substring(0, 8);
    String create = """
        {"name": "%s", "system_prompt": "Responda a tudo.",
         "decision_criteria": {"respond_to": ["questions"], "ignore": ["spam"]}}""".formatted(name);
    assertProblem(http.post("/api/v1/prompts", USER_KEY, create), 403);
    Http.Answer created = http.post("/api/v1/prompts", ADMIN_KEY, create);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().path("version").asInt()).isEqualTo(1);
    assertThat(created.json().path("active").asBoolean()).isFalse();
    String promptId = created.json().path("id").asString();
    assertThat(created.header("Location")).isEqualTo("/api/v1/prompts/" + promptId);
    assertThat(http.get("/api/v1/prompts", USER_KEY).body()).contains(name);

    Http.Answer conflict = http.post("/api/v1/prompts", ADMIN_KEY, create);
    assertProblem(conflict, 409);
    assertThat(fields(conflict)).containsExactly("name");

    Http.Answer updated = http.put("/api/v1/prompts/" + promptId, ADMIN_KEY, "{\"system_prompt\": \"Versão 2.\"}");
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().path("version").asInt()).isEqualTo(2);
    assertThat(updated.json().path("decision_criteria").path("respond_to").get(0).asString()).isEqualTo("questions");

    assertProblem(http.post("/api/v1/prompts/" + promptId + "/activate", USER_KEY, null), 403);
    Http.Answer activated = http.post("/api/v1/prompts/" + name + "/activate", ADMIN_KEY, null);
    assertThat(activated.status()).as(activated.body()).isEqualTo(200);
    assertThat(http.get("/api/v1/prompts/current", USER_KEY).json().path("name").asString()).isEqualTo(name);
    assertThat(http.post("/api/v1/prompts/default/activate", ADMIN_KEY, null).status()).isEqualTo(200);
    assertThat(http.get("/api/v1/prompts/current", USER_KEY).json().path("name").asString()).isEqualTo("default");

    assertProblem(http.put("/api/v1/prompts/no-such-prompt", ADMIN_KEY, "{\"system_prompt\": \"x\"}"), 404);
    assertProblem(http.post("/api/v1/prompts/no-such-prompt/activate", ADMIN_KEY, null), 404);
    Http.Answer invalid = http.post("/api/v1/prompts", ADMIN_KEY,
        "{\"name\": \"has space\", \"system_prompt\": \"\", \"decision_criteria\": {\"respond_to\": [null]}}");
    assertProblem(invalid, 400);
    assertThat(fields(invalid)).containsExactlyInAnyOrder("name", "system_prompt", "decision_criteria.respond_to[0]");
  }

  // --- analytics -------------------------------------------------------------------------------------------

  @Test
  void analyticsCountTodaysDecisionsAndRejectBadDates() {
    http.post("/api/v1/emails/process", USER_KEY, Http.email(id("an"), "a@example.com", "2025-01-15T10:30:00Z"));
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    JsonNode s = http.get("/api/v1/analytics/summary?start_date=" + today + "&end_date=" + today, USER_KEY).json();
    assertThat(s.path("totals").path("emails_processed").asLong()).isPositive();
    assertThat(s.path("by_source").path("fallback").asLong()).isPositive();
    JsonNode daily = http.get("/api/v1/analytics/daily?start_date=" + today + "&end_date=" + today, USER_KEY).json();
    assertThat(daily).hasSize(1);
    assertThat(daily.get(0).path("emails_processed").asLong()).isEqualTo(s.path("totals").path("emails_processed").asLong());

    Http.Answer bad = http.get("/api/v1/analytics/summary?start_date=2025-02-30&end_date=someday", USER_KEY);
    assertProblem(bad, 400);
    assertThat(fields(bad)).containsExactlyInAnyOrder("start_date", "end_date");
    Http.Answer reversed = http.get("/api/v1/analytics/summary?start_date=2025-02-01&end_date=2025-01-01", USER_KEY);
    assertProblem(reversed, 400);
    assertThat(fields(reversed)).containsExactly("end_date");
    assertThat(http.get("/api/v1/analytics/summary", USER_KEY).status()).isEqualTo(200);
  }

  // --- for people ------------------------------------------------------------------------------------------

  @Test
  void openApiSwaggerPrometheusAndTheDashboardAreServed() {
    // Behind the key by default.
    for (String path : List.of("/v3/api-docs", "/swagger-ui/index.html", "/swagger-ui.html", "/actuator/prometheus",
        "/actuator/health", "/actuator")) {
      assertProblem(http.get(path, null), 401);
    }
    Http.Answer docs = http.get("/v3/api-docs", USER_KEY);
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.body()).contains("/api/v1/emails/process", "/api/v1/prompts/{prompt_id}", "bearer",
        "\"email_id\"", "\"received_at\"", "\"decision_criteria\"");
    Http.Answer swagger = http.get("/swagger-ui/index.html", USER_KEY);
    assertThat(swagger.status()).isEqualTo(200);
    assertThat(swagger.header("Content-Security-Policy")).contains("script-src 'self'", "frame-ancestors 'none'");
    assertThat(swagger.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(swagger.header("X-Content-Type-Options")).isEqualTo("nosniff");
    Http.Answer metrics = http.get("/actuator/prometheus", USER_KEY);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("http_server_requests", "emailtriage_decisions_total",
        "gen_ai_client_operation_duration_seconds");
    Http.Answer page = http.get("/", null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
    assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
    Http.Answer api = http.get("/api/v1/emails?limit=1", USER_KEY);
    assertThat(api.header("Content-Security-Policy")).contains("default-src 'none'");
    assertThat(api.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(http.get("/api/v1/emails?limit=1", USER_KEY).header("Cache-Control")).isEqualTo("no-store");
    assertThat(page.body()).contains("vendor/chartjs/chart.umd.min.js");
    assertThat(http.get("/vendor/chartjs/chart.umd.min.js", null).body()).contains("Chart");
  }

  // --- issue 11: every bad input is a 400 problem, refused before any work ---------------------------------------

  @Test
  void nulAndLoneSurrogatesAreRefusedNamingTheField() {
    Http.Answer nul = http.post("/api/v1/emails/process", USER_KEY, Http.email(id("nul"), "a@example.com",
        "2025-01-15T10:30:00Z").replace("Quanto custa", "Quanto\\u0000 custa"));
    assertProblem(nul, 400);
    assertThat(fields(nul)).containsExactly("subject");
    assertThat(nul.json().path("errors").path(0).path("message").asString()).contains("NUL");
    // Two ids that PostgreSQL would have made one: the lone surrogate is refused, the other decided on its own.
    Http.Answer lone = http.post("/api/v1/emails/process", USER_KEY, Http.email("lone2\\ud800x", "a@example.com",
        "2025-01-15T10:30:00Z"));
    assertProblem(lone, 400);
    assertThat(fields(lone)).containsExactly("email_id");
    String other = "lone2?x-" + UUID.randomUUID();
    assertThat(http.post("/api/v1/emails/process", USER_KEY, Http.email(other, "a@example.com",
        "2025-01-15T10:30:00Z")).status()).isEqualTo(200);
    Http.Answer nullHeader = http.post("/api/v1/emails/process", USER_KEY, Http.email(id("h"), "a@example.com",
        "2025-01-15T10:30:00Z").replace("}", ", \"headers\": {\"X\": [null]}}"));
    assertProblem(nullHeader, 400);
    assertThat(fields(nullHeader)).containsExactly("headers[X][0]");
  }

  @Test
  void aHeaderMayBeOneStringOrAList() {
    for (String headers : List.of("{\"Auto-Submitted\": \"auto-replied\"}",
        "{\"Auto-Submitted\": [\"auto-replied\"]}")) {
      Http.Answer a = http.post("/api/v1/emails/process", USER_KEY, Http.email(id("auto"), "a@example.com",
          "2025-01-15T10:30:00Z").replace("}", ", \"headers\": " + headers + "}"));
      assertThat(a.status()).as(a.body()).isEqualTo(200);
      assertThat(a.json().path("source").asString()).isEqualTo("rule");
      assertThat(a.json().path("decision").asString()).isEqualTo("ignore");
    }
  }

  @Test
  void jsonTypesAreStrictAndDatesBounded() throws Exception {
    String base = Http.email(id("strict"), "a@example.com", "2025-01-15T10:30:00Z");
    assertThat(fields(http.post("/api/v1/emails/process", USER_KEY,
        base.replace("\"Quanto custa o produto X?\"", "true")))).containsExactly("subject");
    assertThat(fields(http.post("/api/v1/emails/process", USER_KEY,
        base.replace("\"2025-01-15T10:30:00Z\"", "1e308")))).containsExactly("received_at");
    assertThat(fields(http.post("/api/v1/emails/process", USER_KEY,
        base.replace("\"2025-01-15T10:30:00Z\"", "\"0\"")))).containsExactly("received_at");
    assertThat(fields(http.post("/api/v1/emails/process", USER_KEY,
        base.replace("\"2025-01-15T10:30:00Z\"", "\"+294277-01-01T00:00:00Z\"")))).containsExactly("received_at");
    assertThat(fields(http.post("/api/v1/emails/process", USER_KEY,
        base.replace("\"2025-01-15T10:30:00Z\"", "\"-999999999-01-01T00:00:00Z\"")))).containsExactly("received_at");
    Http.Answer priority = http.post("/api/v1/emails/process", USER_KEY,
        base.replace("}", ", \"metadata\": {\"priority\": 1}}"));
    assertProblem(priority, 400);
    assertThat(fields(priority)).containsExactly("metadata.priority");
    assertThat(fields(http.get("/api/v1/emails?start_date=0000-01-01", USER_KEY))).containsExactly("start_date");
    assertThat(fields(http.get("/api/v1/analytics/summary?start_date=0000-01-01", USER_KEY)))
        .containsExactly("start_date");
    assertThat(fields(http.get("/api/v1/emails?cursor=bm90LWEtY3Vyc29y", USER_KEY))).containsExactly("cursor");
    RawHttp.Answer badEscape = RawHttp.send(port, "GET /api/v1/emails?cursor=%ZZ HTTP/1.1\r\nHost: x\r\n"
        + "Authorization: Bearer " + USER_KEY, null);
    assertThat(badEscape.status()).isEqualTo(400);
    assertThat(badEscape.header("content-type")).startsWith("application/problem+json");
    Http.Answer type = http.get("/api/v1/emails?decision=maybe", USER_KEY);
    assertThat(type.body()).doesNotContain("Action").contains("respond", "ignore");
  }

  @Test
  void unacceptableOrUnsupportedMediaTypesAreRefusedBeforeAnyWork() {
    String id = id("accept");
    Http.Answer xml = Http.send(http.request("/api/v1/emails/process", USER_KEY)
        .header("Content-Type", "application/json").header("Accept", "application/xml")
        .POST(HttpRequest.BodyPublishers.ofString(Http.email(id, "a@example.com", "2025-01-15T10:30:00Z"))).build());
    assertProblem(xml, 406);
    assertThat(xml.header("X-RateLimit-Remaining")).as("no rate-limit token spent").isNull();
    Http.Answer wildcard = Http.send(http.request("/api/v1/emails/process", USER_KEY)
        .header("Content-Type", "*/*")
        .POST(HttpRequest.BodyPublishers.ofString(Http.email(id, "a@example.com", "2025-01-15T10:30:00Z"))).build());
    assertProblem(wildcard, 415);
    assertThat(wildcard.header("X-RateLimit-Remaining")).isNull();
    // Neither was decided.
    assertProblem(http.get("/api/v1/emails/" + id + "/status", USER_KEY), 404);
  }

  @Test
  void containerErrorsAreProblemsToo() throws Exception {
    for (String raw : List.of("GET /api/v1/emails/%2F/status HTTP/1.1", "GET /api/v1/%ZZ HTTP/1.1",
        "GET /../../etc/passwd HTTP/1.1", "TRACE / HTTP/1.1", "CONNECT example.com:443 HTTP/1.1",
        "GET /error HTTP/1.1", "FOO / HTTP/1.1")) {
      RawHttp.Answer a = RawHttp.send(port, raw + "\r\nHost: localhost", null);
      assertThat(a.status()).as(raw + " -> " + a.text()).isBetween(400, 499);
      assertThat(a.header("content-type")).as(raw).startsWith("application/problem+json");
      assertThat(Http.JSON.readTree(a.body()).path("status").asInt()).as(raw).isEqualTo(a.status());
      assertThat(a.text()).as(raw).doesNotContain("Exception").doesNotContain("Tomcat").doesNotContain("<html");
    }
  }

  @Test
  void unknownPathsAndMethodsAreProblems() {
    assertProblem(http.get("/api/v1/nothing-here", USER_KEY), 404);
    Http.Answer method = Http.send(http.request("/api/v1/emails/process", USER_KEY).GET().build());
    assertProblem(method, 405);
  }
}
