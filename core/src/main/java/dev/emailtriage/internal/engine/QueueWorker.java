package dev.emailtriage.internal.engine;

import dev.emailtriage.EmailRecord;
import dev.emailtriage.spi.DecisionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable queue's worker: claims due emails from the store in batches (each claim a lease with a new fencing
 * version), decides them on its threads and waits until they are stored; a poller runs it every poll interval and
 * when work is submitted. With zero threads there is no poller and {@link #drain()} runs on the given executor.
 * After each drain it runs the given follow-up (the batch lane's submit and poll).
 * Thread-safe.
 */
final class QueueWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QueueWorker.class);

  private final DecisionStore store;
  private final Clock clock;
  private final int threads;
  private final Duration lease;
  private final int maxAttempts;
  private final Consumer<EmailRecord> decide;
  private final OutcomeBatcher outcomes;
  private final Runnable afterDrain;
  private final ExecutorService runner;
  private final ExecutorService workers;
  private final ScheduledExecutorService poller;
  private final Duration closeWait;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  QueueWorker(DecisionStore store, Clock clock, int threads, Duration pollInterval, Duration lease, int maxAttempts,
      Consumer<EmailRecord> decide, OutcomeBatcher outcomes, Runnable afterDrain, ExecutorService withoutThreads,
      Duration closeWait) {
    this.store = store;
    this.clock = clock;
    this.threads = threads;
    this.lease = lease;
    this.maxAttempts = maxAttempts;
    this.decide = decide;
    this.outcomes = outcomes;
    this.afterDrain = afterDrain;
    this.closeWait = closeWait;
    if (threads > 0) {
      this.workers = Executors.newFixedThreadPool(threads, Threads.named("emailtriage-worker"));
      this.runner = workers;
      this.poller = Executors.newSingleThreadScheduledExecutor(Threads.named("emailtriage-poller"));
      poller.scheduleWithFixedDelay(this::drainQuietly, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      this.workers = null;
      this.runner = withoutThreads;
      this.poller = null;
    }
  }

  /** Asks the poller to look for work now (no-op without threads). */
  void wake() {
    if (poller != null && !closed.get()) {
      poller.execute(this::drainQuietly);
    }
  }

  /** Claims and decides due emails until none is due, then runs the follow-up; how many were claimed. */
  int drain() {
    int claimed = 0;
    int batch = Math.max(1, threads) * 4;
    while (!closed.get()) {
      List<EmailRecord> due = store.claim(batch, lease, maxAttempts, clock.instant());
      if (due.isEmpty()) {
        break;
      }
      claimed += due.size();
      List<Future<?>> running = new ArrayList<>();
      for (EmailRecord r : due) {
        running.add(runner.submit(() -> decide.accept(r)));
      }
      try {
        for (Future<?> f : running) {
          awaitStoring(f);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return claimed;
      } finally {
        outcomes.flush();
      }
    }
    afterDrain.run();
    return claimed;
  }

  /** Waits for a decision task; meanwhile writes the outcomes that have waited long enough. */
  private void awaitStoring(Future<?> task) throws InterruptedException {
    while (true) {
      try {
        task.get(outcomes.maxWait().toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        outcomes.flushIfDue();
      } catch (ExecutionException e) {
        LOG.error("worker failed to store a result", e.getCause());
        return;
      }
    }
  }

  private void drainQuietly() {
    if (!draining.compareAndSet(false, true)) {
      return;
    }
    try {
      drain();
    } catch (RuntimeException e) {
      LOG.warn("queue poll failed; will try again: {}", e.toString());
    } finally {
      draining.set(false);
    }
  }

  /** Stops polling and lets the workers finish the emails they hold, waiting up to the close wait. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (poller != null) {
      poller.shutdown();
    }
    if (workers != null) {
      Threads.shutdownAndWait(workers, closeWait);
    }
  }
}
