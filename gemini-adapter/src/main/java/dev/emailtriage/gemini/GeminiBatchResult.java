package dev.emailtriage.gemini;

import dev.emailtriage.Decision;
import dev.emailtriage.spi.DeciderException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@code GeminiBatchDecider} batch decided: a decision or a failure for every email. Immutable and
 * thread-safe.
 *
 * @param batchName the batch's resource name ({@code batches/...}), or {@code null} when no batch was created
 *     (an empty list, or creation failed)
 * @param decisions the decisions by email id, in the input's order
 * @param failures why each other email has no decision, by email id, in the input's order
 */
public record GeminiBatchResult(String batchName, Map<String, Decision> decisions,
    Map<String, DeciderException> failures) {

  /** Copies the maps, keeping their order. */
  public GeminiBatchResult {
    decisions = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(decisions, "decisions")));
    failures = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(failures, "failures")));
  }
}
