package dev.emailtriage.spring.boot.autoconfigure.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of the model, from configuration only: it never calls the model, so a health check spends no tokens.
 * Up with the decider's name and settings (never the key itself); with no model configured, up with
 * {@code mode: offline-fallback}, because the pipeline still works (everything undecided goes to review). Not API.
 * Immutable.
 */
public final class ModelHealthIndicator implements HealthIndicator {

  private final Map<String, Object> details;

  /** A health showing these details. */
  public ModelHealthIndicator(Map<String, Object> details) {
    this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  @Override
  public Health health() {
    return Health.up().withDetails(details).build();
  }
}
