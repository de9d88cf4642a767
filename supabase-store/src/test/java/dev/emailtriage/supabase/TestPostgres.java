package dev.emailtriage.supabase;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real PostgreSQL server of the tests: {@code EMAILTRIAGE_TEST_JDBC_URL} (with {@code _USERNAME} and
 * {@code _PASSWORD}) when set, else an embedded PostgreSQL started once per JVM. Each test class takes a fresh
 * schema (or a fresh store in one).
 */
final class TestPostgres {

  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static final String SUFFIX = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
  private static final List<String> CREATED = Collections.synchronizedList(new ArrayList<>());
  private static String url;
  private static String user;
  private static String password;

  private TestPostgres() {}

  /** The base JDBC URL (no parameters added). */
  static synchronized String url() {
    if (url == null) {
      String external = System.getenv("EMAILTRIAGE_TEST_JDBC_URL");
      if (external != null && !external.isBlank()) {
        url = external;
        user = System.getenv("EMAILTRIAGE_TEST_JDBC_USERNAME");
        password = System.getenv("EMAILTRIAGE_TEST_JDBC_PASSWORD");
        // an external server outlives the tests: drop the schemas they created
        Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::dropCreatedSchemas));
      } else {
        try {
          EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
              pg.close();
            } catch (IOException e) {
              // the JVM is exiting anyway
            }
          }));
          url = pg.getJdbcUrl("postgres", "postgres");
          user = "postgres";
          password = null;
        } catch (IOException e) {
          throw new UncheckedIOException("cannot start embedded PostgreSQL; set EMAILTRIAGE_TEST_JDBC_URL", e);
        }
      }
    }
    return url;
  }

  static synchronized String user() {
    url();
    return user;
  }

  static synchronized String password() {
    url();
    return password;
  }

  /** {@code url()} with one more query parameter. */
  static String urlWith(String parameter) {
    String base = url();
    return base + (base.contains("?") ? "&" : "?") + parameter;
  }

  /** A schema name no other test uses. */
  static String freshSchema() {
    String schema = "t" + SUFFIX + "_" + SCHEMAS.incrementAndGet();
    CREATED.add(schema);
    return schema;
  }

  private static void dropCreatedSchemas() {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (String schema : CREATED) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    } catch (SQLException e) {
      System.err.println("could not drop the test schemas: " + e.getMessage());
    }
  }

  /** A store in a fresh schema on its own pool. */
  /** Empties the emails and every daily analytics table of {@code store}'s schema (prompts stay). */
  static void emptyEmails(SupabaseStore store) {
    String schema = store.schema();
    store.jdbi().useHandle(h -> h.execute("TRUNCATE " + schema + ".processed_emails, " + schema
        + ".email_analytics, " + schema + ".email_analytics_reasons, " + schema + ".email_analytics_sources, "
        + schema + ".email_analytics_prompts"));
  }

  static SupabaseStore.Builder freshStore() {
    return SupabaseStore.builder().jdbcUrl(url()).username(user()).password(password()).schema(freshSchema())
        .maximumPoolSize(8);
  }

  /** A plain connection to the server. */
  static Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), user(), password());
  }

  /** Runs {@code sql} on a plain connection. */
  static void execute(String sql) {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
