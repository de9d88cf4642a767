package dev.emailtriage.spi;

import dev.emailtriage.Decision;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one look at a batch job found: still running, or ended with a decision or a failure for each email.
 * Immutable.
 *
 * @param ended whether the job ended (succeeded, partly or not at all, expired or cancelled)
 * @param decisions the decisions by email id (empty while running); their {@link Decision#source()} is
 *     {@code MODEL}
 * @param failures why each other email has no decision, by email id (empty while running)
 */
public record BatchPoll(boolean ended, Map<String, Decision> decisions, Map<String, DeciderException> failures) {

  private static final BatchPoll RUNNING = new BatchPoll(false, Map.of(), Map.of());

  /**
   * Copies the maps.
   *
   * @throws IllegalArgumentException when a running job has results or an email id is in both maps
   */
  public BatchPoll {
    decisions = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(decisions, "decisions")));
    failures = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(failures, "failures")));
    if (!ended && !(decisions.isEmpty() && failures.isEmpty())) {
      throw new IllegalArgumentException("a running batch has no results yet");
    }
    for (String id : decisions.keySet()) {
      if (failures.containsKey(id)) {
        throw new IllegalArgumentException("email " + id + " has both a decision and a failure");
      }
    }
  }

  /** A job still pending or running. */
  public static BatchPoll running() {
    return RUNNING;
  }

  /** A job that ended with these results. */
  public static BatchPoll ended(Map<String, Decision> decisions, Map<String, DeciderException> failures) {
    return new BatchPoll(true, decisions, failures);
  }
}
