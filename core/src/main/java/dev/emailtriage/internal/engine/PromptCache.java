package dev.emailtriage.internal.engine;

import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import dev.emailtriage.spi.PromptSelection;
import dev.emailtriage.spi.PromptSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The prompt of each email without a query per email: keeps the source's {@link PromptSelection} and picks from
 * it; fetches it again when the source's {@link PromptSource#changeCount()} moves (a change made through that
 * object, seen at once) or when {@code ttl} has passed on the pipeline's clock (a change made by another process).
 * A source without a selection is asked for every email. Thread-safe.
 */
final class PromptCache {

  private record Snapshot(PromptSelection selection, long changes, Instant expires) {}

  private final PromptSource source;
  private final Clock clock;
  private final Duration ttl;
  private volatile Snapshot snapshot;

  PromptCache(PromptSource source, Clock clock, Duration ttl) {
    this.source = source;
    this.clock = clock;
    this.ttl = ttl;
  }

  Prompt promptFor(Email email) {
    if (ttl.isZero()) {
      return source.promptFor(email);
    }
    long changes = source.changeCount();
    Instant now = clock.instant();
    Snapshot s = snapshot;
    if (s == null || s.changes() != changes || !now.isBefore(s.expires())) {
      Optional<PromptSelection> selection = source.selection();
      if (selection.isEmpty()) {
        return source.promptFor(email);
      }
      s = new Snapshot(selection.get(), changes, now.plus(ttl));
      snapshot = s;
    }
    return s.selection().promptFor(email);
  }
}
