package dev.emailtriage.spi.model;

import java.time.Duration;

/**
 * Waits between two attempts of a model call; injectable so that tests never really wait. Implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits for {@code duration}.
   *
   * @param duration how long to wait, positive
   * @throws InterruptedException when the waiting thread is interrupted
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * The real sleeper, {@link Thread#sleep(long)}.
   *
   * @return a sleeper that blocks the calling thread
   */
  static Sleeper system() {
    return d -> Thread.sleep(d.toMillis());
  }
}
