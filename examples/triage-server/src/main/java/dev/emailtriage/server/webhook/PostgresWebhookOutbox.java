package dev.emailtriage.server.webhook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The outbox in PostgreSQL, in the server's own schema {@value #SCHEMA} with its own Flyway location
 * ({@value #MIGRATIONS}) and history table ({@value #HISTORY_TABLE}), so that it never mixes with the store's
 * migrations or an application's. Claims use {@code FOR UPDATE SKIP LOCKED}, so several server instances can share
 * one database. Thread-safe.
 */
public final class PostgresWebhookOutbox implements WebhookOutbox {

  /** The schema of the outbox table. */
  public static final String SCHEMA = "emailtriage_server";

  /** The server's Flyway history table. */
  public static final String HISTORY_TABLE = "triage_server_schema_history";

  /** Where the server's migrations are. */
  public static final String MIGRATIONS = "classpath:db/triage-server/migration";

  private static final String COLUMNS = "id, event, email_id, job_id, payload, created_at, attempts, "
      + "next_attempt_at, last_attempt_at, last_error, delivered_at, gave_up_at";
  private static final String TABLE = SCHEMA + ".webhook_outbox";
  /** The PostgreSQL store's schema as the starter configures it. */
  private static final String STORE_SCHEMA = "emailtriage";

  private final DataSource dataSource;

  /** The outbox on {@code dataSource}, migrated first. */
  public PostgresWebhookOutbox(DataSource dataSource) {
    this.dataSource = dataSource;
    Flyway.configure().dataSource(dataSource).schemas(SCHEMA).defaultSchema(SCHEMA).createSchemas(true)
        .table(HISTORY_TABLE).locations(MIGRATIONS).load().migrate();
  }

  @Override
  public boolean enqueue(Delivery d) {
    return update("INSERT INTO " + TABLE + " (id, event, email_id, job_id, payload, created_at, attempts, "
        + "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?) ON CONFLICT (event, job_id) DO NOTHING",
        d.id(), d.event(), d.emailId(), d.jobId(), d.payload(), ts(d.createdAt()), ts(d.nextAttemptAt())) == 1;
  }

  @Override
  public List<Delivery> claimDue(Instant now, int limit, Duration lease) {
    return query("UPDATE " + TABLE + " SET next_attempt_at = ? WHERE id IN (SELECT id FROM " + TABLE
        + " WHERE delivered_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at "
        + "LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS, ts(now.plus(lease)), ts(now), limit);
  }

  @Override
  public void delivered(String id, Instant at) {
    update("UPDATE " + TABLE + " SET attempts = attempts + 1, last_attempt_at = ?, delivered_at = ?, "
        + "last_error = NULL WHERE id = ?", ts(at), ts(at), id);
  }

  @Override
  public void failed(String id, Instant at, String error, Instant nextAttemptAt) {
    String shortError = error == null ? null : error.length() > 500 ? error.substring(0, 500) : error;
    if (nextAttemptAt == null) {
      update("UPDATE " + TABLE + " SET attempts = attempts + 1, last_attempt_at = ?, last_error = ?, "
          + "gave_up_at = ? WHERE id = ?", ts(at), shortError, ts(at), id);
    } else {
      update("UPDATE " + TABLE + " SET attempts = attempts + 1, last_attempt_at = ?, last_error = ?, "
          + "next_attempt_at = ? WHERE id = ?", ts(at), shortError, ts(nextAttemptAt), id);
    }
  }

  @Override
  public List<Delivery> forEmail(String emailId) {
    return query("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE email_id = ? ORDER BY created_at, id", emailId);
  }

  @Override
  public List<Delivery> recent(String status, int limit) {
    String where = status == null ? "" : switch (status) {
      case "pending" -> " WHERE delivered_at IS NULL AND gave_up_at IS NULL";
      case "delivered" -> " WHERE delivered_at IS NOT NULL";
      case "failed" -> " WHERE gave_up_at IS NOT NULL";
      default -> throw new IllegalArgumentException("status must be pending, delivered or failed");
    };
    return query("SELECT " + COLUMNS + " FROM " + TABLE + where + " ORDER BY created_at DESC, id LIMIT ?", limit);
  }

  @Override
  public List<String> jobsWithoutDelivery(Instant since) {
    String sql = "SELECT p.email_id FROM " + STORE_SCHEMA + ".processed_emails p WHERE p.job_id IS NOT NULL"
        + " AND p.updated_at >= ? AND (p.status = 'processed' OR (p.status = 'failed' AND NOT p.retryable))"
        + " AND EXISTS (SELECT 1 FROM " + TABLE + ")"
        + " AND NOT EXISTS (SELECT 1 FROM " + TABLE + " o WHERE o.job_id = p.job_id) ORDER BY p.updated_at";
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, ts(since));
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    } catch (SQLException e) {
      // The store's table is elsewhere (another schema, another store): nothing to reconcile from here.
      return List.of();
    }
  }

  private static Timestamp ts(Instant at) {
    return at == null ? null : Timestamp.from(at);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private int update(String sql, Object... args) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, args);
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("webhook outbox: " + e.getSQLState(), e);
    }
  }

  private List<Delivery> query(String sql, Object... args) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, args);
      List<Delivery> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new Delivery(rs.getString("id"), rs.getString("event"), rs.getString("email_id"),
              rs.getString("job_id"), rs.getString("payload"), instant(rs, "created_at"), rs.getInt("attempts"),
              instant(rs, "next_attempt_at"), instant(rs, "last_attempt_at"), rs.getString("last_error"),
              instant(rs, "delivered_at"), instant(rs, "gave_up_at")));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("webhook outbox: " + e.getSQLState(), e);
    }
  }

  private static void bind(PreparedStatement s, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      s.setObject(i + 1, args[i]);
    }
  }
}
