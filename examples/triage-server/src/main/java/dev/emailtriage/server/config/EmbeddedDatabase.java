package dev.emailtriage.server.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The embedded PostgreSQL that keeps decisions when no {@code SPRING_DATASOURCE_URL} is set: zonky's embedded
 * PostgreSQL on a data directory that survives restarts ({@code EMAILTRIAGE_EMBEDDED_DB_DIR}, default
 * {@code ./triage-data/postgres}), on a free port, stopped when the server stops. Either it runs ({@link #running()}),
 * or it does not and {@link #reason()} says why (turned off, another store chosen, or it could not start), and the
 * store is in memory.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  /** Turns the embedded database off ({@code EMAILTRIAGE_EMBEDDED_DB=false}). */
  public static final String ENABLED_PROPERTY = "emailtriage.server.embedded-db";

  /** Its data directory ({@code EMAILTRIAGE_EMBEDDED_DB_DIR}), relative to the working directory unless absolute. */
  public static final String DIRECTORY_PROPERTY = "emailtriage.server.embedded-db-dir";

  /** The data directory when none is configured. */
  public static final String DEFAULT_DIRECTORY = "triage-data/postgres";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;
  private final Path directory;
  private final String reason;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path directory, String reason) {
    this.postgres = postgres;
    this.directory = directory;
    this.reason = reason;
  }

  /**
   * Starts the embedded database unless a JDBC URL is configured, it is turned off or the store is set to memory;
   * never throws: a database that cannot start is reported by {@link #reason()}.
   */
  static EmbeddedDatabase startIfWanted(Environment env) {
    Binder binder = Binder.get(env);
    String url = env.getProperty("spring.datasource.url");
    if (url != null && !url.isBlank()) {
      return new EmbeddedDatabase(null, null, "SPRING_DATASOURCE_URL is set");
    }
    if (!binder.bind(ENABLED_PROPERTY, Boolean.class).orElse(true)) {
      return new EmbeddedDatabase(null, null, "the embedded database is turned off (EMAILTRIAGE_EMBEDDED_DB=false)");
    }
    String storeType = binder.bind("emailtriage.store.type", String.class).orElse("auto");
    if ("memory".equals(storeType.trim().toLowerCase(Locale.ROOT))) {
      return new EmbeddedDatabase(null, null, "emailtriage.store.type=memory");
    }
    String configured = binder.bind(DIRECTORY_PROPERTY, String.class).orElse("");
    Path directory = Path.of(configured.isBlank() ? DEFAULT_DIRECTORY : configured.trim()).toAbsolutePath()
        .normalize();
    try {
      Files.createDirectories(directory);
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          .setDataDirectory(directory)
          .setCleanDataDirectory(false)
          .start();
      LOG.info("Embedded PostgreSQL on port {} keeps decisions, the queue and prompts in {} (EMAILTRIAGE_EMBEDDED_DB_DIR;"
          + " SPRING_DATASOURCE_URL uses another PostgreSQL instead)", postgres.getPort(), directory);
      return new EmbeddedDatabase(postgres, directory, null);
    } catch (IOException | RuntimeException e) {
      String why = "the embedded PostgreSQL could not start in " + directory + ": " + describe(e);
      LOG.debug(why, e);
      return new EmbeddedDatabase(null, directory, why);
    }
  }

  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null && text.length() < 600; t = t.getCause()) {
      if (!text.isEmpty()) {
        text.append("; caused by ");
      }
      text.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        text.append(": ").append(t.getMessage().strip());
      }
    }
    return text.toString();
  }

  /** True when the embedded PostgreSQL runs. */
  public boolean running() {
    return postgres != null;
  }

  /** Why it does not run; null when it runs. */
  public String reason() {
    return reason;
  }

  /** The data directory; null when none was chosen. */
  public Path directory() {
    return directory;
  }

  /** The port it listens on. */
  public int port() {
    requireRunning();
    return postgres.getPort();
  }

  /** The JDBC URL of its {@code postgres} database as the {@code postgres} superuser. */
  public String jdbcUrl() {
    requireRunning();
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  private void requireRunning() {
    if (postgres == null) {
      throw new IllegalStateException("the embedded PostgreSQL is not running: " + reason);
    }
  }

  /** Stops the database (the data directory stays). */
  @Override
  public void close() throws IOException {
    if (postgres != null) {
      postgres.close();
      LOG.info("Embedded PostgreSQL stopped; its data stays in {}", directory);
    }
  }
}
