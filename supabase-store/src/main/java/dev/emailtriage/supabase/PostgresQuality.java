package dev.emailtriage.supabase;

import dev.emailtriage.Action;
import dev.emailtriage.AnalyticsSummary.Period;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.QualityReport;
import dev.emailtriage.QualityReport.Bin;
import dev.emailtriage.QualityReport.Cell;
import dev.emailtriage.QualityReport.Group;
import dev.emailtriage.supabase.internal.StoreSql;
import dev.emailtriage.supabase.internal.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@link QualityReport} in one SQL statement over {@code processed_emails} (grouping sets). Not API. */
final class PostgresQuality {

  private static final String AGREES = "coalesce(feedback_decision, decision) = decision";
  private static final String SQL;

  static {
    StringBuilder sql = new StringBuilder("SELECT GROUPING(prompt_id, prompt_version) AS gp, GROUPING(source) AS gs,"
        + " prompt_id, prompt_version, source, count(*) AS decided,"
        + " count(*) FILTER (WHERE source = 'model') AS model_calls,"
        + " coalesce(sum(total_tokens), 0) AS tokens,"
        + " count(*) FILTER (WHERE has_feedback) AS with_feedback,"
        + " count(*) FILTER (WHERE has_feedback AND " + AGREES + ") AS decision_agreed,"
        + " count(*) FILTER (WHERE has_feedback AND coalesce(feedback_type, email_type) = email_type)"
        + " AS type_agreed");
    for (Action decided : Action.values()) {
      for (Action correct : Action.values()) {
        sql.append(", count(*) FILTER (WHERE has_feedback AND decision = '").append(decided.wireName())
            .append("' AND coalesce(feedback_decision, decision) = '").append(correct.wireName()).append("') AS c_")
            .append(decided.ordinal()).append(correct.ordinal());
      }
    }
    for (int i = 0; i < QualityReport.BINS; i++) {
      String inBin = "has_feedback AND least(" + (QualityReport.BINS - 1) + ", floor(confidence * 10)) = " + i;
      sql.append(", count(*) FILTER (WHERE ").append(inBin).append(") AS b").append(i).append("_n")
          .append(", count(*) FILTER (WHERE ").append(inBin).append(" AND ").append(AGREES).append(") AS b")
          .append(i).append("_a");
    }
    sql.append(" FROM {s}.processed_emails WHERE status = 'processed' AND processed_at >= :from"
        + " AND processed_at < :to GROUP BY GROUPING SETS ((), (prompt_id, prompt_version), (source))");
    SQL = sql.toString();
  }

  private PostgresQuality() {}

  /** One row of the grouping sets: which grouping it belongs to, and its group. */
  private record GroupRow(boolean promptRow, boolean sourceRow, Group group) {}

  private static final RowMapper<GroupRow> GROUP_ROW =
      (rs, ctx) -> new GroupRow(rs.getInt("gp") == 0, rs.getInt("gs") == 0, read(rs));

  static QualityReport report(Handle h, StoreSql db, LocalDate start, LocalDate end) {
    List<GroupRow> rows = h.createQuery(db.sql(SQL))
        .bind("from", Timestamps.arg(start.atStartOfDay(ZoneOffset.UTC).toInstant()))
        .bind("to", Timestamps.arg(end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()))
        .map(GROUP_ROW)
        .list();
    Group overall = null;
    List<Group> prompts = new ArrayList<>();
    Map<String, Group> sources = new LinkedHashMap<>();
    for (GroupRow row : rows) {
      Group g = row.group();
      boolean promptRow = row.promptRow();
      boolean sourceRow = row.sourceRow();
      if (!promptRow && !sourceRow) {
        overall = g;
      } else if (promptRow && g.promptId() != null) {
        prompts.add(g);
      } else if (sourceRow && g.source() != null) {
        sources.put(g.source(), g);
      }
    }
    prompts.sort(Comparator.comparing(Group::promptId).thenComparing(Group::promptVersion));
    List<Group> bySource = new ArrayList<>();
    for (DecisionSource s : DecisionSource.values()) {
      bySource.add(sources.getOrDefault(s.wireName(), empty(null, null, s.wireName())));
    }
    return QualityReport.of(new Period(start, end), overall == null ? empty(null, null, null) : overall, prompts,
        bySource);
  }

  private static Group read(ResultSet rs) throws SQLException {
    boolean promptRow = rs.getInt("gp") == 0;
    boolean sourceRow = rs.getInt("gs") == 0;
    long withFeedback = rs.getLong("with_feedback");
    long decisionAgreed = rs.getLong("decision_agreed");
    long typeAgreed = rs.getLong("type_agreed");
    List<Cell> cells = new ArrayList<>();
    for (Action decided : Action.values()) {
      for (Action correct : Action.values()) {
        cells.add(new Cell(decided, correct, rs.getLong("c_" + decided.ordinal() + correct.ordinal())));
      }
    }
    List<Bin> bins = new ArrayList<>();
    for (int i = 0; i < QualityReport.BINS; i++) {
      long n = rs.getLong("b" + i + "_n");
      long a = rs.getLong("b" + i + "_a");
      bins.add(new Bin(i / 10.0, (i + 1) / 10.0, n, a, QualityReport.rate(a, n)));
    }
    return new Group(promptRow ? rs.getString("prompt_id") : null,
        promptRow ? Integer.valueOf(rs.getInt("prompt_version")) : null,
        sourceRow ? rs.getString("source") : null, rs.getLong("decided"), rs.getLong("model_calls"),
        rs.getLong("tokens"), withFeedback, decisionAgreed, QualityReport.rate(decisionAgreed, withFeedback),
        typeAgreed, QualityReport.rate(typeAgreed, withFeedback), cells, bins);
  }

  private static Group empty(String promptId, Integer version, String source) {
    List<Cell> cells = new ArrayList<>();
    for (Action decided : Action.values()) {
      for (Action correct : Action.values()) {
        cells.add(new Cell(decided, correct, 0));
      }
    }
    List<Bin> bins = new ArrayList<>();
    for (int i = 0; i < QualityReport.BINS; i++) {
      bins.add(new Bin(i / 10.0, (i + 1) / 10.0, 0, 0, null));
    }
    return new Group(promptId, version, source, 0, 0, 0, 0, 0, null, 0, null, cells, bins);
  }
}
