package dev.emailtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --jdbc-url} keeps decisions in PostgreSQL: an embedded server, or {@code EMAILTRIAGE_TEST_JDBC_URL} (with
 * {@code _USERNAME} and {@code _PASSWORD}) when set.
 */
class PostgresCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static EmbeddedPostgres embedded;
  private static String url;
  private static String user;
  private static String password;

  @BeforeAll
  static void start() {
    String external = System.getenv("EMAILTRIAGE_TEST_JDBC_URL");
    if (external != null && !external.isBlank()) {
      url = external;
      user = System.getenv("EMAILTRIAGE_TEST_JDBC_USERNAME");
      password = System.getenv("EMAILTRIAGE_TEST_JDBC_PASSWORD");
      return;
    }
    try {
      embedded = EmbeddedPostgres.builder().start();
    } catch (IOException | RuntimeException e) {
      Assumptions.abort("embedded PostgreSQL cannot start here (" + e.getMessage()
          + "); set EMAILTRIAGE_TEST_JDBC_URL to run this test against another server");
    }
    url = embedded.getJdbcUrl("postgres", "postgres");
    user = "postgres";
    password = null;
  }

  @AfterAll
  static void stop() throws IOException {
    if (embedded != null) {
      embedded.close();
    }
  }

  @Test
  void decisionsAreStoredAndNotDecidedTwice() throws Exception {
    String pt = Fixtures.mail("pt-br-latin1-qp.eml").toString();
    String news = Fixtures.mail("newsletter-html-only.eml").toString();

    Fixtures.Run first = run("triage", "--format", "json", "--jdbc-url", url, pt, news);

    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out().lines()).hasSize(2);
    assertThat(first.err()).contains("Store: PostgreSQL " + Pipeline.withoutQuery(url));
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select email_id, decision, source from emailtriage.processed_emails"
            + " where email_id in ('pt-br-1@example.com.br', 'news-2025-01@news.example') order by email_id")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualTo("news-2025-01@news.example");
      assertThat(r.getString(2)).isEqualTo("ignore");
      assertThat(r.getString(3)).isEqualTo("rule");
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualTo("pt-br-1@example.com.br");
      assertThat(r.getString(3)).isEqualTo("fallback");
    }

    Fixtures.Run second = run("triage", "--format", "json", "--jdbc-url", url, pt);
    assertThat(second.code()).isZero();
    List<String> lines = second.out().lines().toList();
    assertThat(JSON.readTree(lines.get(0)).get("processed_at").asText())
        .as("the stored decision, not a new one")
        .isEqualTo(JSON.readTree(first.out().lines().toList().get(0)).get("processed_at").asText());
  }

  @Test
  void aNonPostgresUrlIsABadArgumentAndAnUnreachableServerFailsWith1() {
    assertThat(run("triage", "--jdbc-url", "jdbc:mysql://localhost/x", Fixtures.mail("gb2312.eml").toString())
        .code()).isEqualTo(2);

    Fixtures.Run down = run("triage", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2",
        Fixtures.mail("gb2312.eml").toString());
    assertThat(down.code()).isEqualTo(1);
    assertThat(down.err()).contains("could not open the PostgreSQL store at jdbc:postgresql://127.0.0.1:1/none");
    assertThat(down.out()).isEmpty();
  }

  private static Fixtures.Run run(String... args) {
    Map<String, String> env = new HashMap<>();
    if (user != null) {
      env.put("SPRING_DATASOURCE_USERNAME", user);
    }
    if (password != null) {
      env.put("SPRING_DATASOURCE_PASSWORD", password);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e, env, false);
    }
    return new Fixtures.Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
