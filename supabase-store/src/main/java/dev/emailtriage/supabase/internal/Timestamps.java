package dev.emailtriage.supabase.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Instants to and from {@code timestamptz} columns, kept to the microsecond as PostgreSQL keeps them. Not API. */
public final class Timestamps {

  private Timestamps() {}

  /** {@code t} truncated to the microsecond; {@code null} stays {@code null}. */
  public static Instant micros(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
  }

  /** Now on {@code clock}, to the microsecond. */
  public static Instant now(Clock clock) {
    return micros(clock.instant());
  }

  /** A {@code timestamptz} argument of {@code t} ({@code null} binds a typed NULL). */
  public static org.jdbi.v3.core.argument.Argument arg(Instant t) {
    if (t == null) {
      return (position, statement, ctx) -> statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
    }
    OffsetDateTime value = micros(t).atOffset(ZoneOffset.UTC);
    return (position, statement, ctx) -> statement.setObject(position, value);
  }

  /** The {@code timestamptz} column {@code column} of the current row as an instant, or {@code null}. */
  public static Instant get(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
