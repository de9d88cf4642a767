package dev.emailtriage;

import dev.emailtriage.spi.LearnedRuleStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link LearnedRuleStore} in the memory of one process: for tests, demos and the CLI. Thread-safe (every method
 * holds one lock). Nothing survives the process, and it is not shared between processes; the PostgreSQL store
 * ({@code email-triage-supabase}) shares learned rules between every instance on one database.
 */
public final class InMemoryLearnedRuleStore implements LearnedRuleStore {

  private final Map<String, SenderState> states = new HashMap<>();
  private final Map<String, String> identityByRuleId = new HashMap<>();

  /** An empty store. */
  public InMemoryLearnedRuleStore() {}

  @Override
  public synchronized Optional<SenderState> find(String identity) {
    return Optional.ofNullable(states.get(Objects.requireNonNull(identity, "identity")));
  }

  @Override
  public synchronized boolean compareAndSet(long expectedVersion, SenderState next) {
    Objects.requireNonNull(next, "next");
    if (next.version() != expectedVersion + 1) {
      throw new IllegalArgumentException("next version must be " + (expectedVersion + 1) + ", was " + next.version());
    }
    SenderState current = states.get(next.identity());
    long currentVersion = current == null ? 0 : current.version();
    if (currentVersion != expectedVersion) {
      return false;
    }
    if (next.rule() != null) {
      String owner = identityByRuleId.get(next.rule().id());
      if (owner != null && !owner.equals(next.identity())) {
        throw new IllegalArgumentException("rule id " + next.rule().id() + " is taken by " + owner);
      }
    }
    if (current != null && current.rule() != null) {
      identityByRuleId.remove(current.rule().id());
    }
    if (next.rule() != null) {
      identityByRuleId.put(next.rule().id(), next.identity());
    }
    states.put(next.identity(), next);
    return true;
  }

  @Override
  public synchronized Optional<SenderState> findByRuleId(String ruleId) {
    String identity = identityByRuleId.get(Objects.requireNonNull(ruleId, "ruleId"));
    return identity == null ? Optional.empty() : Optional.of(states.get(identity));
  }

  @Override
  public synchronized boolean recordUse(String ruleId, Instant now, Instant expiresAt) {
    Optional<SenderState> found = findByRuleId(ruleId);
    if (found.isEmpty() || !found.get().rule().activeAt(now)) {
      return false;
    }
    SenderState s = found.get();
    states.put(s.identity(), new SenderState(s.identity(), s.version() + 1, s.evidence(), s.barred(),
        s.barredReason(), s.rule().used(now, expiresAt), s.updatedAt()));
    return true;
  }

  @Override
  public synchronized List<LearnedRule> activeRules(Instant now) {
    return states.values().stream()
        .map(SenderState::rule)
        .filter(r -> r != null && r.activeAt(now))
        .sorted(Comparator.comparing(LearnedRule::createdAt).thenComparing(LearnedRule::id).reversed())
        .toList();
  }
}
