package dev.emailtriage.supabase.internal;

import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.argument.Argument;

/** What the store's parts share: JDBI, the schema, the optional cipher and the clock; SQL helpers. Not API. */
public final class Db {

  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final Jdbi jdbi;
  private final String schema;
  private final FieldCipher cipher;
  private final Clock clock;

  /** The shared parts; {@code cipher} may be {@code null} (no encryption). */
  public Db(Jdbi jdbi, String schema, FieldCipher cipher, Clock clock) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.schema = checkSchema(schema);
    this.cipher = cipher;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** {@code schema} when it is a plain lowercase identifier; else an exception. */
  public static String checkSchema(String schema) {
    if (schema == null || !SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException("schema must be a lowercase SQL identifier ([a-z_][a-z0-9_]*), was '"
          + schema + "'");
    }
    return schema;
  }

  /** JDBI. */
  public Jdbi jdbi() {
    return jdbi;
  }

  /** The schema name. */
  public String schema() {
    return schema;
  }

  /** The clock. */
  public Clock clock() {
    return clock;
  }

  /** Now, to the microsecond. */
  public Instant now() {
    return micros(clock.instant());
  }

  /** {@code sql} with every {@code {s}} replaced by the schema name. */
  public String sql(String sql) {
    return sql.replace("{s}.", schema + ".");
  }

  /** Encrypts a sensitive column value when a key is configured. */
  public String seal(String plain, String emailId, String column) {
    return cipher == null ? plain : cipher.encrypt(plain, emailId, column);
  }

  /** Decrypts a sensitive column value. */
  public String open(String stored, String emailId, String column) {
    return cipher == null ? FieldCipher.plainOnly(stored, emailId, column) : cipher.decrypt(stored, emailId, column);
  }

  /** {@code t} truncated to the microsecond (what PostgreSQL keeps). */
  public static Instant micros(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
  }

  /** A timestamptz argument ({@code null} allowed). */
  public static Argument ts(Instant t) {
    if (t == null) {
      return (position, statement, ctx) -> statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
    }
    OffsetDateTime value = micros(t).atOffset(ZoneOffset.UTC);
    return (position, statement, ctx) -> statement.setObject(position, value);
  }

  /** A timestamptz column as an instant. */
  public static Instant instant(java.sql.ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /**
   * Turns a database refusal of a value (SQL state class 22, data exception, or 23, integrity violation) into an
   * {@link IllegalArgumentException}; anything else is rethrown.
   */
  public static RuntimeException translate(JdbiException e) {
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
