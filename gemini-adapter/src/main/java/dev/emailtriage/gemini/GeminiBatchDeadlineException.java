package dev.emailtriage.gemini;

import dev.emailtriage.spi.DeciderException;
import java.time.Duration;

/**
 * Thrown by {@code GeminiBatchDecider} when its deadline passed while the batch was still pending or running at
 * Google; it keeps running there. Pass
 * {@link #batchName()} to {@code GeminiBatchDecider.collect} later to read its results. Kind {@code TIMEOUT}.
 */
public final class GeminiBatchDeadlineException extends DeciderException {
  private static final long serialVersionUID = 1L;

  /** The batch. */
  private final String batchName;
  /** Its last known state. */
  private final String lastState;

  /**
   * A batch that did not end within {@code timeout}.
   *
   * @param batchName the batch's resource name
   * @param lastState its last known state, e.g. {@code JOB_STATE_PENDING}
   * @param timeout the deadline that passed
   */
  public GeminiBatchDeadlineException(String batchName, String lastState, Duration timeout) {
    this(batchName, lastState, timeout, null);
  }

  /**
   * As {@link #GeminiBatchDeadlineException(String, String, Duration)}, with a cause (an interruption).
   *
   * @param batchName the batch's resource name
   * @param lastState its last known state
   * @param timeout the deadline that passed
   * @param cause why the wait ended early, or {@code null}
   */
  public GeminiBatchDeadlineException(String batchName, String lastState, Duration timeout, Throwable cause) {
    super(Kind.TIMEOUT, "batch " + batchName + " was still " + lastState + " when the deadline of " + timeout
        + (cause == null ? " passed" : " was cut short by an interruption")
        + "; it keeps running at Google: collect it later with collect(\"" + batchName + "\", emails, prompt)",
        cause);
    this.batchName = batchName;
    this.lastState = lastState;
  }

  /**
   * The batch, to resume with {@code GeminiBatchDecider.collect}.
   *
   * @return the batch's resource name, {@code batches/...}
   */
  public String batchName() {
    return batchName;
  }

  /**
   * The batch's last known state.
   *
   * @return e.g. {@code JOB_STATE_PENDING}, or {@code unknown}
   */
  public String lastState() {
    return lastState;
  }
}
