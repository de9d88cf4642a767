package dev.emailtriage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emailtriage.server.config.EmbeddedDatabase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * With no {@code SPRING_DATASOURCE_URL} the server keeps decisions in an embedded PostgreSQL whose data directory
 * survives a restart; with the embedded database turned off, or unable to start, it keeps them in memory and a WARN
 * says why. Each test starts the whole server (real HTTP on a free port) and stops it again.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDatabaseTest {

  static final String KEY = "embedded-user-key-1234567890";

  private static ConfigurableApplicationContext start(String... more) {
    String[] base = {"--server.port=0", "--GEMINI_API_KEY=", "--GOOGLE_API_KEY=",
        "--EMAILTRIAGE_API_KEY=" + KEY, "--EMAILTRIAGE_ADMIN_KEY=embedded-admin-key-1234567890",
        "--EMAILTRIAGE_RATE_LIMIT_PER_MINUTE=1000"};
    String[] args = new String[base.length + more.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return SpringApplication.run(TriageServerApplication.class, args);
  }

  private static Http http(ConfigurableApplicationContext context) {
    return new Http(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
  }

  @Test
  void decisionsSurviveARestart(@TempDir Path temp, CapturedOutput output) {
    Path dir = temp.resolve("data").resolve("postgres");
    String id = "restart-" + System.nanoTime();
    JsonNode decided;
    int pgPort;
    try (ConfigurableApplicationContext first = start("--EMAILTRIAGE_EMBEDDED_DB_DIR=" + dir)) {
      Http http = http(first);
      JsonNode health = http.get("/api/v1/health", null).json();
      assertThat(health.path("store").asString()).isEqualTo("PostgresDecisionStore");
      assertThat(health.path("store_type").asString()).isEqualTo("embedded-postgresql");
      assertThat(health.path("durable").asBoolean()).isTrue();
      Http.Answer answer = http.post("/api/v1/emails/process", KEY,
          Http.email(id, "restart@example.com", "2025-01-15T10:30:00Z"));
      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
      decided = answer.json();
      pgPort = first.getBean(EmbeddedDatabase.class).port();
    }
    assertThat(output.getAll()).contains("Embedded PostgreSQL on 127.0.0.1:" + pgPort)
        .contains("in " + dir.toAbsolutePath())
        .doesNotContain("kept in memory");
    assertThat(dir.resolve("PG_VERSION")).isRegularFile();
    // Stopped with the server.
    assertThatThrownBy(() -> {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("localhost", pgPort), 1000);
      }
    }).isInstanceOf(IOException.class);

    try (ConfigurableApplicationContext second = start("--EMAILTRIAGE_EMBEDDED_DB_DIR=" + dir)) {
      Http.Answer status = http(second).get("/api/v1/emails/" + id + "/status", KEY);
      assertThat(status.status()).as(status.body()).isEqualTo(200);
      JsonNode found = status.json();
      assertThat(found.path("status").asString()).isEqualTo("completed");
      assertThat(found.path("decision").asString()).isEqualTo(decided.path("decision").asString());
      assertThat(found.path("processed_at").asString()).isEqualTo(decided.path("processed_at").asString());
    }
  }

  @Test
  void turnedOffKeepsDecisionsInMemoryWithAWarning(CapturedOutput output) {
    try (ConfigurableApplicationContext context = start("--EMAILTRIAGE_EMBEDDED_DB=false")) {
      JsonNode health = http(context).get("/api/v1/health", null).json();
      assertThat(health.path("store").asString()).isEqualTo("InMemoryDecisionStore");
      assertThat(health.path("store_type").asString()).isEqualTo("memory");
      assertThat(health.path("durable").asBoolean()).isFalse();
      assertThat(context.getBean(EmbeddedDatabase.class).running()).isFalse();
    }
    assertThat(output.getAll()).contains("WARN")
        .contains("kept in memory and lost when the server stops (the embedded database is turned off "
            + "(EMAILTRIAGE_EMBEDDED_DB=false))")
        .doesNotContain("Embedded PostgreSQL on");
  }

  @Test
  void aDirectoryHoldingADatabaseThatCannotStartStopsTheServerInsteadOfFallingBackToMemory(@TempDir Path temp)
      throws IOException {
    Path dir = Files.createDirectories(temp.resolve("postgres"));
    // A cluster's marker with nothing PostgreSQL can start from (a damaged or foreign directory).
    Files.writeString(dir.resolve("PG_VERSION"), "17\n");
    assertThatThrownBy(() -> start("--EMAILTRIAGE_EMBEDDED_DB_DIR=" + dir).close())
        .hasStackTraceContaining("the embedded PostgreSQL could not start in " + dir)
        .hasStackTraceContaining("does not fall back to memory");
  }

  @Test
  void aSecondServerOnTheSameDirectoryIsRefusedWhileTheFirstRuns(@TempDir Path temp) {
    Path dir = temp.resolve("postgres");
    try (ConfigurableApplicationContext first = start("--EMAILTRIAGE_EMBEDDED_DB_DIR=" + dir)) {
      assertThatThrownBy(() -> start("--EMAILTRIAGE_EMBEDDED_DB_DIR=" + dir).close())
          .hasStackTraceContaining("another running email-triage server uses the embedded database in " + dir);
      // The first one still serves.
      assertThat(http(first).get("/api/v1/health", null).json().path("durable").asBoolean()).isTrue();
    }
  }

  @Test
  void aDatabaseThatCannotStartFallsBackToMemoryAndSaysWhy(@TempDir Path temp, CapturedOutput output)
      throws IOException {
    Path file = Files.writeString(temp.resolve("not-a-directory"), "x");
    try (ConfigurableApplicationContext context = start("--EMAILTRIAGE_EMBEDDED_DB_DIR=" + file.resolve("postgres"))) {
      Http http = http(context);
      assertThat(http.get("/api/v1/health", null).json().path("store").asString())
          .isEqualTo("InMemoryDecisionStore");
      assertThat(http.post("/api/v1/emails/process", KEY,
          Http.email("memory-1", "memory@example.com", "2025-01-15T10:30:00Z")).status()).isEqualTo(200);
    }
    assertThat(output.getAll()).contains("kept in memory and lost when the server stops (the embedded PostgreSQL "
        + "could not start in " + file.resolve("postgres").toAbsolutePath());
  }
}
