package dev.emailtriage.benchmarks;

import dev.emailtriage.Email;
import java.util.Map;

/** A system under test of the load run: decides one email, from any thread. */
interface SystemUnderTest extends AutoCloseable {

  /** What one email ended as. */
  record Outcome(String decision, String source) {}

  Outcome decide(Email email);

  /** Extra figures to print (e.g. decisions by source). */
  default Map<String, Object> extra() {
    return Map.of();
  }

  @Override
  default void close() {}
}
