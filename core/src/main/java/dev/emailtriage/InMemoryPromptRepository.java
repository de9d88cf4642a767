package dev.emailtriage;

import dev.emailtriage.spi.PromptRepository;
import dev.emailtriage.spi.PromptSelection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link PromptRepository} in memory: versioned named prompts, one active, an optional A/B challenger. Starts with
 * one active prompt (by default {@link DefaultPrompt#create()}). Thread-safe (every method holds one lock).
 */
public final class InMemoryPromptRepository implements PromptRepository {

  private final Map<String, List<Prompt>> versionsById = new LinkedHashMap<>();
  private final Clock clock;
  private String activeId;
  private String challengerId;
  private double challengerShare;
  private long changes;

  /** A repository holding the origin's default prompt, active. */
  public InMemoryPromptRepository() {
    this(DefaultPrompt.create(), Clock.systemUTC());
  }

  /** A repository holding {@code initial}, active. */
  public InMemoryPromptRepository(Prompt initial) {
    this(initial, Clock.systemUTC());
  }

  /** A repository holding {@code initial}, active, stamping new versions with {@code clock}. */
  public InMemoryPromptRepository(Prompt initial, Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    Prompt active = withActive(initial, true);
    versionsById.put(active.id(), new ArrayList<>(List.of(active)));
    activeId = active.id();
  }

  @Override
  public synchronized List<Prompt> list() {
    return versionsById.values().stream().map(this::latestOf)
        .sorted(Comparator.comparing(Prompt::name)).toList();
  }

  @Override
  public synchronized Optional<Prompt> find(String idOrName) {
    return Optional.ofNullable(idOf(idOrName)).map(id -> latestOf(versionsById.get(id)));
  }

  @Override
  public synchronized Prompt active() {
    return latestOf(versionsById.get(activeId));
  }

  @Override
  public synchronized Prompt create(String name, String systemPrompt, DecisionCriteria criteria, String createdBy) {
    requireText(name, "name");
    requireText(systemPrompt, "system_prompt");
    if (versionsById.values().stream().anyMatch(v -> v.get(0).name().equals(name))) {
      throw new PromptConflictException(name);
    }
    Prompt prompt = new Prompt("prompt_" + UUID.randomUUID(), name, 1, systemPrompt, criteria, false,
        clock.instant());
    versionsById.put(prompt.id(), new ArrayList<>(List.of(prompt)));
    changes++;
    return prompt;
  }

  @Override
  public synchronized Prompt update(String idOrName, String systemPrompt, DecisionCriteria criteria,
      String createdBy) {
    requireText(systemPrompt, "system_prompt");
    List<Prompt> versions = versionsById.get(requireId(idOrName));
    Prompt latest = latestOf(versions);
    Prompt next = new Prompt(latest.id(), latest.name(), latest.version() + 1, systemPrompt,
        criteria == null ? latest.decisionCriteria() : criteria, latest.id().equals(activeId), clock.instant());
    versions.add(next);
    changes++;
    return next;
  }

  @Override
  public synchronized Prompt activate(String idOrName) {
    activeId = requireId(idOrName);
    changes++;
    return active();
  }

  @Override
  public synchronized void setChallenger(String idOrName, double share) {
    if (idOrName == null) {
      challengerId = null;
      challengerShare = 0;
      changes++;
      return;
    }
    if (!(share > 0 && share < 1)) {
      throw new IllegalArgumentException("challenger share must be in (0, 1), was " + share);
    }
    challengerId = requireId(idOrName);
    challengerShare = share;
    changes++;
  }

  @Override
  public synchronized Optional<Challenger> challenger() {
    if (challengerId == null || challengerId.equals(activeId)) {
      return Optional.empty();
    }
    return Optional.of(new Challenger(latestOf(versionsById.get(challengerId)), challengerShare));
  }

  @Override
  public synchronized Prompt promptFor(Email email) {
    return selectionNow().promptFor(email);
  }

  @Override
  public synchronized Optional<PromptSelection> selection() {
    return Optional.of(selectionNow());
  }

  @Override
  public synchronized long changeCount() {
    return changes;
  }

  private PromptSelection selectionNow() {
    return challengerId == null ? PromptSelection.of(active())
        : new PromptSelection(active(), latestOf(versionsById.get(challengerId)), challengerShare);
  }

  private Prompt latestOf(List<Prompt> versions) {
    Prompt latest = versions.get(versions.size() - 1);
    return withActive(latest, latest.id().equals(activeId));
  }

  private static Prompt withActive(Prompt p, boolean active) {
    return p.active() == active ? p
        : new Prompt(p.id(), p.name(), p.version(), p.systemPrompt(), p.decisionCriteria(), active, p.createdAt());
  }

  private String idOf(String idOrName) {
    if (idOrName == null) {
      return null;
    }
    if (versionsById.containsKey(idOrName)) {
      return idOrName;
    }
    return versionsById.entrySet().stream().filter(e -> e.getValue().get(0).name().equals(idOrName))
        .map(Map.Entry::getKey).findFirst().orElse(null);
  }

  private String requireId(String idOrName) {
    String id = idOf(idOrName);
    if (id == null) {
      throw new NoSuchElementException("no prompt with id or name '" + idOrName + "'");
    }
    return id;
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }
}
