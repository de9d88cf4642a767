package dev.emailtriage.spring.boot.autoconfigure;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real PostgreSQL server of the tests, as in the supabase-store module: {@code EMAILTRIAGE_TEST_JDBC_URL} (with
 * {@code _USERNAME} and {@code _PASSWORD}) when set, else an embedded PostgreSQL started once per JVM. On the embedded
 * server each test gets a fresh database.
 */
final class TestPostgres {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres embedded;
  private static String externalUrl;

  private TestPostgres() {}

  static synchronized boolean isEmbedded() {
    start();
    return embedded != null;
  }

  private static void start() {
    if (embedded != null || externalUrl != null) {
      return;
    }
    String external = System.getenv("EMAILTRIAGE_TEST_JDBC_URL");
    if (external != null && !external.isBlank()) {
      externalUrl = external;
      return;
    }
    try {
      embedded = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          embedded.close();
        } catch (IOException e) {
          // the JVM is exiting anyway
        }
      }));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL; set EMAILTRIAGE_TEST_JDBC_URL", e);
    }
  }

  /** A JDBC URL of a database no other test uses (on an external server: the server's URL itself). */
  static synchronized String freshDatabaseUrl() {
    start();
    if (embedded == null) {
      return externalUrl;
    }
    String name = "starter_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(embedded.getJdbcUrl("postgres", "postgres"));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return embedded.getJdbcUrl("postgres", name);
  }

  static String username() {
    return embedded != null ? "postgres" : System.getenv("EMAILTRIAGE_TEST_JDBC_USERNAME");
  }

  static String password() {
    return embedded != null ? "" : System.getenv("EMAILTRIAGE_TEST_JDBC_PASSWORD");
  }

  /** Whether {@code schema.table} exists in the database at {@code url}. */
  static boolean tableExists(String url, String schema, String table) {
    try (Connection c = DriverManager.getConnection(url, username(), password());
        var rs = c.getMetaData().getTables(null, schema, table, null)) {
      return rs.next();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
