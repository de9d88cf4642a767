package dev.emailtriage.supabase.internal;

import java.sql.SQLException;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Runs the store's SQL in its schema: expands {@code {s}.} to the schema name and runs statements on a JDBI handle,
 * turning the database's refusal of a value into an {@link IllegalArgumentException}. Thread-safe. Not API.
 */
public final class StoreSql {

  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final Jdbi jdbi;
  private final String schema;

  /** Statements through {@code jdbi} in {@code schema} (a plain lowercase identifier). */
  public StoreSql(Jdbi jdbi, String schema) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.schema = checkSchema(schema);
  }

  /** {@code schema} when it is a plain lowercase identifier; else an {@link IllegalArgumentException}. */
  public static String checkSchema(String schema) {
    if (schema == null || !SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException("schema must be a lowercase SQL identifier ([a-z_][a-z0-9_]*), was '"
          + schema + "'");
    }
    return schema;
  }

  /** The JDBI instance (for statements that translate nothing). */
  public Jdbi jdbi() {
    return jdbi;
  }

  /** The schema name. */
  public String schema() {
    return schema;
  }

  /** {@code sql} with every {@code {s}.} replaced by the schema name and a dot. */
  public String sql(String sql) {
    return sql.replace("{s}.", schema + ".");
  }

  /**
   * Runs {@code callback} on a handle; a refused value (SQL state class 22, data exception, or 23, integrity
   * violation) becomes an {@link IllegalArgumentException}, anything else is rethrown.
   */
  public <T> T run(HandleCallback<T, RuntimeException> callback) {
    try {
      return jdbi.withHandle(callback);
    } catch (JdbiException e) {
      throw translate(e);
    }
  }

  private static RuntimeException translate(JdbiException e) {
    Throwable cause = e.getCause();
    while (cause != null && !(cause instanceof SQLException)) {
      cause = cause.getCause();
    }
    if (cause instanceof SQLException sql && sql.getSQLState() != null
        && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
      return new IllegalArgumentException("the database refused the value: " + sql.getMessage(), e);
    }
    return e;
  }
}
