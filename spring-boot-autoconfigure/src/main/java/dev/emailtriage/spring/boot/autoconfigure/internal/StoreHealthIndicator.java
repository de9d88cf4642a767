package dev.emailtriage.spring.boot.autoconfigure.internal;

import dev.emailtriage.spi.DecisionStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of the decision store: up when it answers its queue depth (for PostgreSQL, one query), down with the
 * error otherwise. Not API. Thread-safe.
 */
public final class StoreHealthIndicator implements HealthIndicator {

  private final DecisionStore store;

  /** The health of {@code store}. */
  public StoreHealthIndicator(DecisionStore store) {
    this.store = store;
  }

  @Override
  public Health health() {
    String type = store.getClass().getSimpleName();
    try {
      long depth = store.queueDepth();
      return Health.up().withDetail("store", type).withDetail("queue_depth", depth).build();
    } catch (RuntimeException e) {
      return Health.down(e).withDetail("store", type).build();
    }
  }
}
