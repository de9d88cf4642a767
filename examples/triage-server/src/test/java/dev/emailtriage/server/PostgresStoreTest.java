package dev.emailtriage.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code SPRING_DATASOURCE_URL} ({@code spring.datasource.url}) switches the store to PostgreSQL: {@code EMAILTRIAGE_TEST_JDBC_URL} (with
 * {@code _USERNAME}, {@code _PASSWORD}) when set, else an embedded PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "GEMINI_API_KEY=", "GOOGLE_API_KEY=",
    "EMAILTRIAGE_API_KEY=pg-user-key-1234567890abcdef", "EMAILTRIAGE_ADMIN_KEY=pg-admin-key-1234567890abcdef",
    "EMAILTRIAGE_RATE_LIMIT_PER_MINUTE=1000"})
class PostgresStoreTest {

  static final String KEY = "pg-user-key-1234567890abcdef";
  static EmbeddedPostgres embedded;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws IOException {
    String external = System.getenv("EMAILTRIAGE_TEST_JDBC_URL");
    if (external != null && !external.isBlank()) {
      registry.add("spring.datasource.url", () -> external);
      registry.add("spring.datasource.username", () -> System.getenv("EMAILTRIAGE_TEST_JDBC_USERNAME"));
      registry.add("spring.datasource.password", () -> System.getenv("EMAILTRIAGE_TEST_JDBC_PASSWORD"));
    } else {
      embedded = EmbeddedPostgres.builder().start();
      String url = embedded.getJdbcUrl("postgres", "postgres");
      registry.add("spring.datasource.url", () -> url);
      registry.add("spring.datasource.username", () -> "postgres");
    }
  }

  @AfterAll
  static void stop() throws IOException {
    if (embedded != null) {
      embedded.close();
    }
  }

  @LocalServerPort
  int port;

  @Test
  void decisionsPromptsAndAnalyticsLiveInPostgres() {
    Http http = new Http(port);
    JsonNode health = http.get("/api/v1/health", null).json();
    assertThat(health.path("store").asString()).isEqualTo("PostgresDecisionStore");

    String id = "pg-" + System.nanoTime();
    Http.Answer decided = http.post("/api/v1/emails/process", KEY, Http.email(id, "pg@example.com",
        "2025-01-15T10:30:00Z"));
    assertThat(decided.status()).as(decided.body()).isEqualTo(200);
    assertThat(http.post("/api/v1/emails/process", KEY, Http.email(id, "pg@example.com", "2025-01-15T10:30:00Z"))
        .json().path("processed_at").asString()).isEqualTo(decided.json().path("processed_at").asString());
    assertThat(http.get("/api/v1/emails/" + id + "/status", KEY).json().path("status").asString())
        .isEqualTo("completed");
    assertThat(http.get("/api/v1/emails?from=pg@example.com", KEY).json().path("items")).hasSize(1);
    assertThat(http.get("/api/v1/analytics/summary", KEY).json().path("totals").path("emails_processed").asLong())
        .isPositive();
    assertThat(http.get("/api/v1/prompts/current", KEY).json().path("name").asString()).isEqualTo("default");
    Http.Answer updated = http.put("/api/v1/prompts/default", "pg-admin-key-1234567890abcdef",
        "{\"system_prompt\": \"Novo prompt.\"}");
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(updated.json().path("version").asInt()).isEqualTo(2);
  }
}
