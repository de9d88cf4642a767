package dev.emailtriage.spring.boot.autoconfigure;

import dev.emailtriage.MailboxTriage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The bean that runs a {@link MailboxTriage} on a background thread (when enabled): a run, then IMAP IDLE or the
 * poll interval; after a failure, exponential backoff from 1 s to 5 min. Keeps what the health indicator, the metrics
 * and an application's own status page show. Thread-safe.
 */
public final class MailboxRunner implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(MailboxRunner.class);

  private final MailboxTriage loop;
  private final Duration poll;
  private final boolean scheduled;
  private final Clock clock;
  private final AtomicLong fetched = new AtomicLong();
  private final AtomicLong drafted = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong runs = new AtomicLong();
  private volatile Instant lastSuccess;
  private volatile Instant lastFailure;
  private volatile String lastError;
  private volatile String checkpoint;
  private volatile Thread thread;

  /** A runner of {@code loop}; {@code scheduled} starts its thread with the context. */
  public MailboxRunner(MailboxTriage loop, Duration poll, boolean scheduled, Clock clock) {
    this.loop = loop;
    this.poll = poll;
    this.scheduled = scheduled;
    this.clock = clock;
  }

  /** One run now, recorded like a scheduled one. */
  public MailboxTriage.Report runOnce() {
    try {
      MailboxTriage.Report r = loop.runOnce();
      fetched.addAndGet(r.fetched());
      drafted.addAndGet(r.drafted());
      sent.addAndGet(r.sent());
      failed.addAndGet(r.failed());
      checkpoint = r.checkpoint();
      lastSuccess = clock.instant();
      lastError = null;
      return r;
    } catch (RuntimeException e) {
      lastFailure = clock.instant();
      lastError = e.getMessage() == null ? e.toString() : e.getMessage();
      throw e;
    } finally {
      synchronized (runs) {
        runs.incrementAndGet();
        runs.notifyAll();
      }
    }
  }

  /** Waits until at least {@code n} runs finished since start, or {@code timeout} passed; true when they did. */
  public boolean awaitRuns(long n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (runs) {
      while (runs.get() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        runs.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  private void loop() {
    Duration backoff = Duration.ofSeconds(1);
    while (!Thread.currentThread().isInterrupted()) {
      try {
        runOnce();
        backoff = Duration.ofSeconds(1);
        loop.mailbox().awaitChanges(poll);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        LOG.warn("mailbox {}: run failed, next try in {}: {}", loop.mailbox().id(), backoff, e.toString());
        try {
          Thread.sleep(backoff.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
        backoff = backoff.multipliedBy(2).compareTo(Duration.ofMinutes(5)) > 0
            ? Duration.ofMinutes(5) : backoff.multipliedBy(2);
      }
    }
  }

  @Override
  public synchronized void start() {
    if (scheduled && thread == null) {
      Thread t = new Thread(this::loop, "emailtriage-mailbox");
      t.setDaemon(true);
      thread = t;
      t.start();
    }
  }

  @Override
  public synchronized void stop() {
    Thread t = thread;
    thread = null;
    if (t != null) {
      t.interrupt();
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return thread != null;
  }

  /** The mailbox's id. */
  public String mailboxId() {
    return loop.mailbox().id();
  }

  /** The reply mode's name. */
  public String replyMode() {
    return loop.policy().mode().wireName();
  }

  /** Messages fetched so far. */
  public long fetched() {
    return fetched.get();
  }

  /** Drafts made so far. */
  public long drafted() {
    return drafted.get();
  }

  /** Replies sent so far. */
  public long sent() {
    return sent.get();
  }

  /** Triage failures so far. */
  public long failed() {
    return failed.get();
  }

  /** The checkpoint after the last run, or null. */
  public String checkpoint() {
    return checkpoint;
  }

  /** When the last run succeeded, or null. */
  public Instant lastSuccess() {
    return lastSuccess;
  }

  /** When the last run failed, or null. */
  public Instant lastFailure() {
    return lastFailure;
  }

  /** The last run's error, or null when it succeeded. */
  public String lastError() {
    return lastError;
  }

  /** Seconds since the last successful run (the sync lag), or NaN before one. */
  public double syncLagSeconds() {
    Instant s = lastSuccess;
    return s == null ? Double.NaN : Duration.between(s, clock.instant()).toMillis() / 1000.0;
  }
}
