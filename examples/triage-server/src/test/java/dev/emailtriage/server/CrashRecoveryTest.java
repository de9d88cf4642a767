package dev.emailtriage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.emailtriage.server.config.EmbeddedDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 11, finding 1 and 2: the server is a real child JVM on an embedded PostgreSQL data directory; it accepts
 * async emails (202), is killed with SIGKILL while its queue is still full, and is started again on the same
 * directory. Every accepted email must end {@code completed}, none decided again once stored, the store durable, and
 * the database must refuse logins without its password.
 */
class CrashRecoveryTest {

  static final String KEY = "crash-user-key-1234567890abcdef";
  static final int EMAILS = 200;

  private static String[] args(Path dir, Path decisions, boolean watchdog) {
    return new String[] {"--server.port=0", "--GEMINI_API_KEY=", "--GOOGLE_API_KEY=",
        "--EMAILTRIAGE_API_KEY=" + KEY, "--EMAILTRIAGE_ADMIN_KEY=crash-admin-key-1234567890abcdef",
        "--EMAILTRIAGE_RATE_LIMIT_PER_MINUTE=1000000", "--EMAILTRIAGE_EMBEDDED_DB_DIR=" + dir,
        "--emailtriage.server.embedded-db-watchdog=" + watchdog,
        // A lease of 12 s (twice the decider timeout of 1 + 5 s): the email held at the kill is claimed again soon.
        "--emailtriage.gemini.timeout=1s",
        "--crash.decisions-log=" + decisions, "--crash.decider-millis=50"};
  }

  @Test
  void killNineMidQueueLosesNothingAndDecidesNothingTwice(@TempDir Path temp) throws Exception {
    Path dir = temp.resolve("data").resolve("postgres");
    Path firstLog = temp.resolve("decided-1.log");
    Path secondLog = temp.resolve("decided-2.log");
    Map<String, String> jobs = new HashMap<>();
    long postmasterPid;
    int pgPort;
    String password;
    try (ChildServer first = ChildServer.start(temp.resolve("server-1.out"), args(dir, firstLog, false))) {
      JsonNode health = first.http().get("/api/v1/health", null).json();
      assertThat(health.path("store_type").asString()).isEqualTo("embedded-postgresql");
      assertThat(health.path("durable").asBoolean()).isTrue();
      jobs.putAll(submit(first.http(), "crash-", EMAILS));
      postmasterPid = postmasterPid(dir);
      pgPort = postmasterPort(dir);
      password = Files.readString(dir.resolve(EmbeddedDatabase.PASSWORD_FILE)).strip();
      first.kill();
    }
    assertThat(jobs).hasSize(EMAILS);

    // PostgreSQL outlived the server: an orphan (no watchdog in this run), its parent not the dead JVM.
    ProcessHandle orphan = ProcessHandle.of(postmasterPid).orElseThrow();
    assertThat(orphan.isAlive()).isTrue();
    // What was stored when the server died, read from the orphan itself.
    Map<String, String> stored = statuses(pgPort, password);
    Set<String> processedAtKill = new HashSet<>();
    stored.forEach((id, status) -> {
      if (status.equals("processed")) {
        processedAtKill.add(id);
      }
    });
    assertThat(stored.keySet()).as("every 202 was stored before it was answered").containsAll(jobs.keySet());
    assertThat(processedAtKill).as("the kill found the queue still full").hasSizeLessThan(EMAILS);
    Map<String, String> processedAt = processedAt(pgPort, password);

    try (ChildServer second = ChildServer.start(temp.resolve("server-2.out"), args(dir, secondLog, true))) {
      String log = Files.readString(second.output, StandardCharsets.UTF_8);
      assertThat(log).contains("is still running on " + dir).contains("stopping it");
      assertThat(orphan.isAlive()).isFalse();
      Http http = second.http();
      JsonNode health = http.get("/api/v1/health", null).json();
      assertThat(health.path("store_type").asString()).isEqualTo("embedded-postgresql");
      assertThat(health.path("durable").asBoolean()).isTrue();

      awaitAllCompleted(http, jobs.keySet(), Duration.ofMinutes(3));
      for (Map.Entry<String, String> job : jobs.entrySet()) {
        JsonNode status = http.get("/api/v1/emails/" + job.getKey() + "/status", KEY).json();
        assertThat(status.path("status").asString()).isEqualTo("completed");
        assertThat(status.path("job_id").asString()).isEqualTo(job.getValue());
      }
      // Decided once: nothing stored before the kill was decided again, and its stored decision did not change.
      List<String> decidedAgain = new ArrayList<>(Files.readAllLines(secondLog));
      decidedAgain.retainAll(processedAtKill);
      assertThat(decidedAgain).isEmpty();
      Map<String, String> after = processedAt(postmasterPort(dir), password);
      for (String id : processedAtKill) {
        assertThat(after.get(id)).as(id).isEqualTo(processedAt.get(id));
      }
      // The ones not yet stored were decided in the second run, each once.
      List<String> second2 = Files.readAllLines(secondLog);
      assertThat(new HashSet<>(second2)).hasSize(second2.size());

      // Admits only us: no password, a wrong one, or the right one from elsewhere than 127.0.0.1 are refused.
      int port = postmasterPort(dir);
      assertThatThrownBy(() -> connect(port, null).close()).isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> connect(port, "wrong").close()).isInstanceOf(SQLException.class);
      try (Connection c = connect(port, password); Statement s = c.createStatement()) {
        assertThat(show(s, "fsync")).isEqualTo("on");
        assertThat(show(s, "synchronous_commit")).isEqualTo("on");
        assertThat(show(s, "full_page_writes")).isEqualTo("on");
        assertThat(show(s, "listen_addresses")).isEqualTo("127.0.0.1");
        assertThat(show(s, "unix_socket_directories")).isEmpty();
        assertThat(show(s, "password_encryption")).isEqualTo("scram-sha-256");
      }
      assertThat(Files.readString(dir.resolve("pg_hba.conf"))).doesNotContain("trust").contains("scram-sha-256");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
          dir.resolve(EmbeddedDatabase.PASSWORD_FILE)))).isEqualTo("rw-------");

      // With the watchdog (on by default), PostgreSQL does not outlive a kill -9 of the server.
      long pid = postmasterPid(dir);
      second.kill();
      ProcessHandle postmaster = ProcessHandle.of(pid).orElse(null);
      if (postmaster != null) {
        postmaster.onExit().get(60, TimeUnit.SECONDS);
      }
    }
  }

  static Map<String, String> submit(Http http, String prefix, int n) throws Exception {
    Semaphore inFlight = new Semaphore(8);
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = prefix + i + "-" + System.nanoTime();
      ids.add(id);
      HttpRequest request = http.request("/api/v1/emails/process?async=true", KEY)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(Http.email(id, "crash" + i + "@example.com",
              "2025-01-15T10:30:00Z"))).build();
      inFlight.acquire();
      calls.add(Http.CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .whenComplete((r, e) -> inFlight.release()));
    }
    Map<String, String> jobs = new HashMap<>();
    for (int i = 0; i < n; i++) {
      HttpResponse<String> r = calls.get(i).get(60, TimeUnit.SECONDS);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      jobs.put(ids.get(i), Http.JSON.readTree(r.body()).path("job_id").asString());
    }
    return jobs;
  }

  static void awaitAllCompleted(Http http, Set<String> ids, Duration timeout) {
    Set<String> waiting = new HashSet<>(ids);
    await("accepted emails completed").atMost(timeout).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      waiting.removeIf(id -> http.get("/api/v1/emails/" + id + "/status", KEY).json().path("status").asString()
          .equals("completed"));
      assertThat(waiting).as("accepted emails not completed within " + timeout).isEmpty();
    });
  }

  static long postmasterPid(Path dir) throws Exception {
    return Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim());
  }

  static int postmasterPort(Path dir) throws Exception {
    return Integer.parseInt(Files.readAllLines(dir.resolve("postmaster.pid")).get(3).trim());
  }

  static Connection connect(int port, String password) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("connectTimeout", "10");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", props);
  }

  private static String show(Statement s, String setting) throws SQLException {
    try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static Map<String, String> statuses(int port, String password) throws SQLException {
    return query(port, password, "SELECT email_id, status FROM emailtriage.processed_emails");
  }

  private static Map<String, String> processedAt(int port, String password) throws SQLException {
    return query(port, password, "SELECT email_id, processed_at::text || '/' || coalesce(decision, '') "
        + "FROM emailtriage.processed_emails WHERE status = 'processed'");
  }

  private static Map<String, String> query(int port, String password, String sql) throws SQLException {
    Map<String, String> rows = new HashMap<>();
    try (Connection c = connect(port, password); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.put(rs.getString(1), rs.getString(2));
      }
    }
    return rows;
  }
}
