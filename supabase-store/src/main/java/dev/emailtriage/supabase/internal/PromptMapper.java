package dev.emailtriage.supabase.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.emailtriage.DecisionCriteria;
import dev.emailtriage.Prompt;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads a prompt row (columns {@code id, name, version, system_prompt, active, created_at} and the decision criteria
 * as text in {@code criteria_json}) as a {@link Prompt}. Stateless and thread-safe. Not API.
 */
public final class PromptMapper implements RowMapper<Prompt> {

  /** The one instance. */
  public static final PromptMapper INSTANCE = new PromptMapper();

  private static final TypeReference<DecisionCriteria> CRITERIA = new TypeReference<>() {};

  private PromptMapper() {}

  @Override
  public Prompt map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Prompt(rs.getString("id"), rs.getString("name"), rs.getInt("version"), rs.getString("system_prompt"),
        JsonCodec.read(rs.getString("criteria_json"), CRITERIA, "decision_criteria"), rs.getBoolean("active"),
        Timestamps.get(rs, "created_at"));
  }
}
