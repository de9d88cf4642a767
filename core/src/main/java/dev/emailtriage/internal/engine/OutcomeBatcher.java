package dev.emailtriage.internal.engine;

import dev.emailtriage.EmailRecord;
import dev.emailtriage.spi.DecisionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue worker's outcomes on their way to the store: an outcome waits in a small buffer, and the buffer is
 * written with one {@link DecisionStore#completeAll} when it holds {@code maxSize} outcomes, when its oldest has
 * waited {@code maxWait} by the clock ({@link #flushIfDue}), or when the worker has decided its claimed batch
 * ({@link #flush}). Each outcome keeps its lease fencing, and what follows it ({@link AfterStore}: the listeners, or
 * the stale path) runs only once the write is known. When the write fails nothing follows: the emails stay processing
 * under their leases and are claimed again once the leases expire. Thread-safe; one write at a time.
 */
final class OutcomeBatcher {
  private static final Logger LOG = LoggerFactory.getLogger(OutcomeBatcher.class);

  /** What follows an outcome's write: {@code stored} is false when its lease was no longer the current one. */
  interface AfterStore {
    void run(boolean stored);
  }

  private record Pending(EmailRecord outcome, AfterStore after) {}

  private final DecisionStore store;
  private final Clock clock;
  private final int maxSize;
  private final Duration maxWait;
  private final Object writing = new Object(); // held while taking and writing a batch: one write at a time
  private Map<String, Pending> buffer = new LinkedHashMap<>(); // guarded by this
  private Instant oldest; // guarded by this: when the first outcome in the buffer came

  OutcomeBatcher(DecisionStore store, Clock clock, int maxSize, Duration maxWait) {
    this.store = store;
    this.clock = clock;
    this.maxSize = maxSize;
    this.maxWait = maxWait;
  }

  /** The longest an outcome waits for a full buffer, by the clock. */
  Duration maxWait() {
    return maxWait;
  }

  /** Adds an outcome to the next write; writes the buffer when it is full. */
  void add(EmailRecord outcome, AfterStore after) {
    boolean full;
    while (true) {
      synchronized (this) {
        if (!buffer.containsKey(outcome.emailId())) {
          if (buffer.isEmpty()) {
            oldest = clock.instant();
          }
          buffer.put(outcome.emailId(), new Pending(outcome, after));
          full = buffer.size() >= maxSize;
          break;
        }
      }
      flush(); // one outcome per email in a write: the one waiting is an older lease's
    }
    if (full) {
      flush();
    }
  }

  /** Writes the buffer when its oldest outcome has waited {@code maxWait}. */
  void flushIfDue() {
    synchronized (writing) {
      List<Pending> due = List.of();
      synchronized (this) {
        if (oldest != null && !clock.instant().isBefore(oldest.plus(maxWait))) {
          due = take();
        }
      }
      write(due);
    }
  }

  /** Writes the buffer; returns once every outcome added before is written and followed up. */
  void flush() {
    synchronized (writing) { // taken under the write lock: a flush never passes a write under way
      List<Pending> all;
      synchronized (this) {
        all = take();
      }
      write(all);
    }
  }

  private List<Pending> take() {
    List<Pending> all = new ArrayList<>(buffer.values());
    buffer = new LinkedHashMap<>();
    oldest = null;
    return all;
  }

  private void write(List<Pending> batch) {
    if (batch.isEmpty()) {
      return;
    }
    List<Boolean> stored;
    try {
      stored = store.completeAll(batch.stream().map(Pending::outcome).toList());
    } catch (RuntimeException e) {
      LOG.error("could not store the outcomes of {} emails {}; they stay processing and are claimed again when "
          + "their leases expire", batch.size(), batch.stream().map(p -> p.outcome().emailId()).toList(), e);
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      try {
        batch.get(i).after().run(stored.get(i));
      } catch (RuntimeException e) {
        LOG.warn("after storing email {}: {}", batch.get(i).outcome().emailId(), e.toString());
      }
    }
  }
}
