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
 *
 * <p>How a call is cut depends on the decider. One that overrides {@code decide(email, prompt, timeLimit)} says it
 * honours the limit (the model adapters do): it runs on the caller's thread, with no hand-off, and the
 * {@link Watchdog} interrupts that thread if it is still running at the deadline; an answer after the deadline is
 * discarded, and the caller waits only as long as the decider takes to react to the interrupt. One that implements
 * only {@code decide(email, prompt)} cannot know the limit: it runs on the gate's own threads and the caller stops
 * waiting at the deadline whatever the decider does (its thread is interrupted and left to finish). Closing the gate
 * interrupts every call still running, on either path.
 */
final class ModelGate implements AutoCloseable {

  /** Whether a decider class overrides the three-argument {@code decide}, i.e. honours its time limit. */
  private static final ClassValue<Boolean> TIME_AWARE = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      try {
        return type.getMethod("decide", Email.class, Prompt.class, Duration.class).getDeclaringClass()
            != Decider.class;
      } catch (NoSuchMethodException e) {
        return false;
      }
    }
  };

  private final Semaphore permits;
  private final Duration timeout;
  private final Listeners listeners;
  private final Watchdog watchdog;
  private final ExecutorService calls = Executors.newCachedThreadPool(Threads.named("emailtriage-model"));

  ModelGate(int permits, Duration timeout, Listeners listeners) {
    this.permits = new Semaphore(permits, true);
    this.timeout = timeout;
    this.listeners = listeners;
    this.watchdog = new Watchdog(timeout);
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
      List<InvalidEmailException.Violation> bad = Validation.decisionViolations(decision);
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
    try {
      permitted = permits.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      long left = deadline - System.nanoTime();
      if (!permitted || left <= 0) {
        throw new DeciderException(DeciderException.Kind.TIMEOUT, "no model call slot free within " + timeout);
      }
      Duration timeLimit = Duration.ofNanos(left);
      Decision decision = TIME_AWARE.get(d.getClass()) ? callHere(d, email, prompt, timeLimit, deadline)
          : callOnPool(d, email, prompt, timeLimit, deadline);
      if (decision == null) {
        throw new DeciderException(DeciderException.Kind.INVALID_RESPONSE, d.name() + " returned no decision");
      }
      return decision;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeciderException(DeciderException.Kind.TIMEOUT, "interrupted while waiting for " + d.name(), e);
    } finally {
      if (permitted) {
        permits.release();
      }
    }
  }

  /** Calls a decider that honours its time limit on this thread, interrupted by the watchdog at the deadline. */
  private Decision callHere(Decider d, Email email, Prompt prompt, Duration timeLimit, long deadline) {
    Watchdog.Call watch = watchdog.start(deadline);
    if (watch == null) {
      throw new DeciderException(DeciderException.Kind.UNAVAILABLE, "the pipeline is closed");
    }
    Decision decision;
    try {
      decision = d.decide(email, prompt, timeLimit);
    } catch (RuntimeException e) {
      Watchdog.Cut cut = watchdog.end(watch);
      throw cut == null ? e : cutShort(d, cut, e);
    } catch (Error e) {
      watchdog.end(watch);
      throw e;
    }
    Watchdog.Cut cut = watchdog.end(watch);
    if (cut != null) {
      throw cutShort(d, cut, null);
    }
    return decision;
  }

  private DeciderException cutShort(Decider d, Watchdog.Cut cut, RuntimeException thrown) {
    return cut == Watchdog.Cut.DEADLINE
        ? new DeciderException(DeciderException.Kind.TIMEOUT, d.name() + " did not answer within " + timeout, thrown)
        : new DeciderException(DeciderException.Kind.UNAVAILABLE, d.name() + " was stopped: the pipeline closed",
            thrown);
  }

  /** Calls a decider that cannot know its time limit on the gate's threads; stops waiting at the deadline. */
  private Decision callOnPool(Decider d, Email email, Prompt prompt, Duration timeLimit, long deadline)
      throws InterruptedException {
    Future<Decision> call = calls.submit(() -> d.decide(email, prompt, timeLimit));
    try {
      return call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new DeciderException(DeciderException.Kind.TIMEOUT, d.name() + " did not answer within " + timeout, e);
    } catch (InterruptedException e) {
      call.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new DeciderException(DeciderException.Kind.UNAVAILABLE, d.name() + " failed: " + cause, cause);
    }
  }

  /** Interrupts the calls still running. */
  @Override
  public void close() {
    watchdog.close();
    calls.shutdownNow();
  }
}
