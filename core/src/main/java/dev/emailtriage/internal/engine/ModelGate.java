package dev.emailtriage.internal.engine;

import dev.emailtriage.Decision;
import dev.emailtriage.Email;
import dev.emailtriage.InvalidEmailException;
import dev.emailtriage.Prompt;
import dev.emailtriage.internal.Validation;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DeciderException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one owner of the decider's deadline and concurrency: at most {@code permits} calls at once, each given the
 * time left of one {@code timeout} (waiting for a permit included) through {@link Decider#decide(Email, Prompt,
 * Duration)}, and cut when that time is up. The answer is validated. Thread-safe.
 */
final class ModelGate implements AutoCloseable {

  private final Semaphore permits;
  private final Duration timeout;
  private final Listeners listeners;
  private final ExecutorService calls = Executors.newCachedThreadPool(Threads.named("emailtriage-model"));

  ModelGate(int permits, Duration timeout, Listeners listeners) {
    this.permits = new Semaphore(permits, true);
    this.timeout = timeout;
    this.listeners = listeners;
  }

  /**
   * {@code d}'s valid decision on {@code email} within the deadline.
   *
   * @throws DeciderException (or the decider's own runtime exception) when there is none in time
   */
  Decision decide(Decider d, Email email, Prompt prompt) {
    long t0 = System.nanoTime();
    Decision decision = null;
    RuntimeException failure = null;
    try {
      decision = callWithDeadline(d, email, prompt, t0 + timeout.toNanos());
      List<InvalidEmailException.Violation> bad = Validation.violations(decision);
      if (!bad.isEmpty()) {
        throw new DeciderException(DeciderException.Kind.INVALID_RESPONSE,
            d.name() + " returned an invalid decision: " + bad);
      }
      return decision;
    } catch (RuntimeException e) {
      failure = e;
      decision = null;
      throw e;
    } finally {
      Duration latency = Duration.ofNanos(System.nanoTime() - t0);
      Decision seen = decision;
      Throwable error = failure;
      listeners.each(l -> l.onModelCall(d.name(), latency, seen, error));
    }
  }

  private Decision callWithDeadline(Decider d, Email email, Prompt prompt, long deadline) {
    boolean permitted = false;
    Future<Decision> call = null;
    try {
      permitted = permits.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      long left = deadline - System.nanoTime();
      if (!permitted || left <= 0) {
        throw new DeciderException(DeciderException.Kind.TIMEOUT, "no model call slot free within " + timeout);
      }
      Duration timeLimit = Duration.ofNanos(left);
      call = calls.submit(() -> d.decide(email, prompt, timeLimit));
      Decision decision = call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (decision == null) {
        throw new DeciderException(DeciderException.Kind.INVALID_RESPONSE, d.name() + " returned no decision");
      }
      return decision;
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new DeciderException(DeciderException.Kind.TIMEOUT, d.name() + " did not answer within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (call != null) {
        call.cancel(true);
      }
      throw new DeciderException(DeciderException.Kind.TIMEOUT, "interrupted while waiting for " + d.name(), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new DeciderException(DeciderException.Kind.UNAVAILABLE, d.name() + " failed: " + cause, cause);
    } finally {
      if (permitted) {
        permits.release();
      }
    }
  }

  /** Interrupts the calls still running. */
  @Override
  public void close() {
    calls.shutdownNow();
  }
}
