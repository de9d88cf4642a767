package dev.emailtriage.supabase;

import dev.emailtriage.DecisionCriteria;
import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import dev.emailtriage.spi.PromptRepository;
import dev.emailtriage.spi.PromptSelection;
import dev.emailtriage.supabase.internal.JsonCodec;
import dev.emailtriage.supabase.internal.PromptMapper;
import dev.emailtriage.supabase.internal.RecordCheck;
import dev.emailtriage.supabase.internal.StoreSql;
import dev.emailtriage.supabase.internal.Timestamps;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * A {@link PromptRepository} on PostgreSQL: each prompt a row of {@code ai_prompts} (stable id, unique name, latest
 * version) with every version in {@code ai_prompt_versions}; a partial unique index lets at most one prompt be
 * active, and activation swaps the active prompt in one transaction, so there is always exactly one. The A/B
 * challenger and its share are one row of {@code ai_prompt_challenger}. Thread-safe; several processes may share it.
 *
 * <p>Get one from {@link SupabaseStore#promptRepository()}.
 */
public final class PostgresPromptRepository implements PromptRepository {

  private static final String SELECT = "SELECT p.id, p.name, p.version, v.system_prompt,"
      + " v.decision_criteria::text AS criteria_json, p.active, v.created_at"
      + " FROM {s}.ai_prompts p JOIN {s}.ai_prompt_versions v ON v.prompt_id = p.id AND v.version = p.version";

  /** Serialises activation and seeding across processes. */
  private static final long LOCK_KEY = 0x656d61696c747269L;

  /** A prompt with the challenger share of its row ({@code null} when it is not the challenger). */
  private record SelectedPrompt(Prompt prompt, Double challengerShare) {}

  private static final RowMapper<SelectedPrompt> SELECTED = (rs, ctx) -> new SelectedPrompt(
      PromptMapper.INSTANCE.map(rs, ctx), rs.getObject("challenger_share") == null ? null
      : rs.getDouble("challenger_share"));

  private final StoreSql db;
  private final Clock clock;
  private final AtomicLong changes = new AtomicLong();

  PostgresPromptRepository(StoreSql db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Stores {@code initial} as the active prompt when the repository holds no prompt at all. */
  void seedIfEmpty(Prompt initial) {
    run(h -> h.inTransaction(tx -> {
      lock(tx);
      long count = tx.createQuery(db.sql("SELECT count(*) FROM {s}.ai_prompts")).mapTo(Long.class).one();
      if (count == 0) {
        Instant at = initial.createdAt() == null ? Timestamps.now(clock) : Timestamps.micros(initial.createdAt());
        insert(tx, initial.id(), initial.name(), initial.version(), initial.systemPrompt(),
            initial.decisionCriteria(), true, null, at);
      }
      return null;
    }));
  }

  @Override
  public List<Prompt> list() {
    return run(h -> h.createQuery(db.sql(SELECT + " ORDER BY p.name COLLATE \"C\""))
        .map(PromptMapper.INSTANCE)
        .list());
  }

  @Override
  public Optional<Prompt> find(String idOrName) {
    if (idOrName == null) {
      return Optional.empty();
    }
    return run(h -> find(h, idOrName));
  }

  private Optional<Prompt> find(Handle h, String idOrName) {
    return h.createQuery(db.sql(SELECT + " WHERE p.id = :x OR p.name = :x ORDER BY (p.id = :x) DESC LIMIT 1"))
        .bind("x", idOrName)
        .map(PromptMapper.INSTANCE)
        .findOne();
  }

  @Override
  public Prompt active() {
    return run(h -> h.createQuery(db.sql(SELECT + " WHERE p.active"))
        .map(PromptMapper.INSTANCE)
        .findOne())
        .orElseThrow(() -> new IllegalStateException("no active prompt in schema " + db.schema()));
  }

  @Override
  public Prompt create(String name, String systemPrompt, DecisionCriteria criteria, String createdBy) {
    requireText(name, "name", 100);
    requireText(systemPrompt, "system_prompt", Integer.MAX_VALUE);
    RecordCheck.text("created_by", createdBy, 255, false);
    String id = "prompt_" + UUID.randomUUID();
    Instant at = Timestamps.now(clock);
    DecisionCriteria c = criteria == null ? DecisionCriteria.DEFAULT : criteria;
    return run(h -> h.inTransaction(tx -> {
      int inserted = tx.createUpdate(db.sql("INSERT INTO {s}.ai_prompts (id, name, version, system_prompt,"
              + " decision_criteria, active, created_by, created_at) VALUES (:id, :name, 1, :text,"
              + " CAST(:criteria AS jsonb), false, :by, :at) ON CONFLICT (name) DO NOTHING"))
          .bind("id", id).bind("name", name).bind("text", systemPrompt).bind("criteria", JsonCodec.write(c))
          .bind("by", createdBy).bind("at", Timestamps.arg(at))
          .execute();
      if (inserted == 0) {
        throw new PromptConflictException(name);
      }
      insertVersion(tx, id, 1, systemPrompt, c, createdBy, at);
      return new Prompt(id, name, 1, systemPrompt, c, false, at);
    }), changes);
  }

  @Override
  public Prompt update(String idOrName, String systemPrompt, DecisionCriteria criteria, String createdBy) {
    requireText(systemPrompt, "system_prompt", Integer.MAX_VALUE);
    RecordCheck.text("created_by", createdBy, 255, false);
    Instant at = Timestamps.now(clock);
    return run(h -> h.inTransaction(tx -> {
      Prompt latest = tx.createQuery(db.sql(SELECT + " WHERE p.id = :x OR p.name = :x"
              + " ORDER BY (p.id = :x) DESC LIMIT 1 FOR UPDATE OF p"))
          .bind("x", idOrName)
          .map(PromptMapper.INSTANCE)
          .findOne()
          .orElseThrow(() -> noSuchPrompt(idOrName));
      int version = latest.version() + 1;
      DecisionCriteria c = criteria == null ? latest.decisionCriteria() : criteria;
      insertVersion(tx, latest.id(), version, systemPrompt, c, createdBy, at);
      tx.createUpdate(db.sql("UPDATE {s}.ai_prompts SET version = :v, system_prompt = :text,"
              + " decision_criteria = CAST(:criteria AS jsonb) WHERE id = :id"))
          .bind("v", version).bind("text", systemPrompt).bind("criteria", JsonCodec.write(c)).bind("id", latest.id())
          .execute();
      return new Prompt(latest.id(), latest.name(), version, systemPrompt, c, latest.active(), at);
    }), changes);
  }

  @Override
  public Prompt activate(String idOrName) {
    return run(h -> h.inTransaction(tx -> {
      lock(tx);
      Prompt target = find(tx, idOrName).orElseThrow(() -> noSuchPrompt(idOrName));
      tx.createUpdate(db.sql("UPDATE {s}.ai_prompts SET active = false WHERE active AND id <> :id"))
          .bind("id", target.id()).execute();
      tx.createUpdate(db.sql("UPDATE {s}.ai_prompts SET active = true WHERE id = :id AND NOT active"))
          .bind("id", target.id()).execute();
      return find(tx, target.id()).orElseThrow();
    }), changes);
  }

  @Override
  public void setChallenger(String idOrName, double share) {
    if (idOrName == null) {
      run(h -> h.createUpdate(db.sql("DELETE FROM {s}.ai_prompt_challenger")).execute(), changes);
      return;
    }
    if (!(share > 0 && share < 1)) {
      throw new IllegalArgumentException("challenger share must be in (0, 1), was " + share);
    }
    run(h -> h.inTransaction(tx -> {
      Prompt challenger = find(tx, idOrName).orElseThrow(() -> noSuchPrompt(idOrName));
      return tx.createUpdate(db.sql("INSERT INTO {s}.ai_prompt_challenger (singleton, prompt_id, share)"
              + " VALUES (true, :id, :share) ON CONFLICT (singleton) DO UPDATE SET prompt_id = EXCLUDED.prompt_id,"
              + " share = EXCLUDED.share, updated_at = now()"))
          .bind("id", challenger.id()).bind("share", share)
          .execute();
    }), changes);
  }

  @Override
  public Optional<Challenger> challenger() {
    return run(h -> h.createQuery(db.sql("SELECT p.id, p.name, p.version, v.system_prompt,"
            + " v.decision_criteria::text AS criteria_json, p.active, v.created_at, c.share AS challenger_share"
            + " FROM {s}.ai_prompt_challenger c JOIN {s}.ai_prompts p ON p.id = c.prompt_id"
            + " JOIN {s}.ai_prompt_versions v ON v.prompt_id = p.id AND v.version = p.version WHERE NOT p.active"))
        .map(SELECTED)
        .map(row -> new Challenger(row.prompt(), row.challengerShare()))
        .findOne());
  }

  @Override
  public Prompt promptFor(Email email) {
    Objects.requireNonNull(email, "email");
    return selectionNow().promptFor(email);
  }

  /** The active prompt and the challenger, if any, in one round trip. */
  @Override
  public Optional<PromptSelection> selection() {
    return Optional.of(selectionNow());
  }

  /** Counts the changes made through this repository (other processes' changes reach a pipeline by its cache time). */
  @Override
  public long changeCount() {
    return changes.get();
  }

  private PromptSelection selectionNow() {
    List<SelectedPrompt> rows = run(h -> h.createQuery(db.sql("SELECT p.id, p.name, p.version, v.system_prompt,"
            + " v.decision_criteria::text AS criteria_json, p.active, v.created_at, c.share AS challenger_share"
            + " FROM {s}.ai_prompts p JOIN {s}.ai_prompt_versions v ON v.prompt_id = p.id AND v.version = p.version"
            + " LEFT JOIN {s}.ai_prompt_challenger c ON c.prompt_id = p.id"
            + " WHERE p.active OR c.prompt_id IS NOT NULL"))
        .map(SELECTED)
        .list());
    Prompt active = null;
    Prompt challenger = null;
    double share = 0;
    for (SelectedPrompt row : rows) {
      Prompt p = row.prompt();
      if (p.active()) {
        active = p;
      } else if (row.challengerShare() != null) {
        challenger = p;
        share = row.challengerShare();
      }
    }
    if (active == null) {
      throw new IllegalStateException("no active prompt in schema " + db.schema());
    }
    return new PromptSelection(active, challenger, share);
  }

  private static void lock(Handle tx) {
    tx.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:key)) AS l").bind("key", LOCK_KEY)
        .mapTo(Integer.class).one();
  }

  private void insert(Handle tx, String id, String name, int version, String text, DecisionCriteria criteria,
      boolean active, String createdBy, Instant at) {
    tx.createUpdate(db.sql("INSERT INTO {s}.ai_prompts (id, name, version, system_prompt, decision_criteria,"
            + " active, created_by, created_at) VALUES (:id, :name, :v, :text, CAST(:criteria AS jsonb), :active,"
            + " :by, :at)"))
        .bind("id", id).bind("name", name).bind("v", version).bind("text", text)
        .bind("criteria", JsonCodec.write(criteria)).bind("active", active).bind("by", createdBy).bind("at", Timestamps.arg(at))
        .execute();
    insertVersion(tx, id, version, text, criteria, createdBy, at);
  }

  private void insertVersion(Handle tx, String id, int version, String text, DecisionCriteria criteria,
      String createdBy, Instant at) {
    tx.createUpdate(db.sql("INSERT INTO {s}.ai_prompt_versions (prompt_id, version, system_prompt,"
            + " decision_criteria, created_by, created_at) VALUES (:id, :v, :text, CAST(:criteria AS jsonb), :by,"
            + " :at)"))
        .bind("id", id).bind("v", version).bind("text", text).bind("criteria", JsonCodec.write(criteria))
        .bind("by", createdBy).bind("at", Timestamps.arg(at))
        .execute();
  }

  private static NoSuchElementException noSuchPrompt(String idOrName) {
    return new NoSuchElementException("no prompt with id or name '" + idOrName + "'");
  }

  private static void requireText(String value, String field, int max) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    RecordCheck.text(field, value, max, true);
  }

  /** Runs a change and counts it (after it committed, or failed: a failed change costs one extra fetch at most). */
  private <T> T run(HandleCallback<T, RuntimeException> callback, AtomicLong counter) {
    try {
      return run(callback);
    } finally {
      counter.incrementAndGet();
    }
  }

  private <T> T run(HandleCallback<T, RuntimeException> callback) {
    return db.run(callback);
  }
}
