package dev.emailtriage.spi;

import dev.emailtriage.Email;
import java.time.Duration;
import java.util.List;

/**
 * Decides many emails in one asynchronous job of a model's batch interface (Gemini's Batch API: half the price of
 * single calls, answers within minutes to hours): the SPI behind the pipeline's batch mode. Implementations must be
 * thread-safe; the pipeline submits and polls from its worker threads.
 *
 * <p>The pipeline gives a batch decider only what its rules, sender memory and similar-email cache could not decide,
 * from the durable queue (see {@code EmailTriage.Builder.batchDecider}). It {@linkplain #submit submits} them as one
 * job, records the returned id in its store next to each email's lease, and {@linkplain #poll polls} the job, also
 * after a restart of the application, until it ends or {@link #timeout()} passes. It stores each result through the
 * same path as a single call's (validation, confidence gate, fencing by lease version, failures retried later with
 * backoff), and records the prompt each email was submitted with, so a decision need not carry it.
 */
public interface BatchDecider {

  /**
   * Submits one job for these emails and returns at once.
   *
   * @param requests at most {@link #maxBatchSize()} emails with distinct ids, each with its prompt
   * @return the job's id: a durable handle {@link #poll} accepts later, also from another process (Gemini:
   *     {@code batches/...}), at most 500 characters
   * @throws IllegalArgumentException when the requests are too large for one job (Gemini: over 20 MB of inline
   *     requests): the pipeline submits each half in a job of its own (a single email: stored as failed)
   * @throws DeciderException when no job was created; every email of the list is then stored as failed (retryable
   *     when the exception is)
   */
  String submit(List<BatchRequest> requests);

  /**
   * Looks at a job once, without waiting for it.
   *
   * @param batchId an id {@link #submit} returned
   * @param emails the emails still waiting for that job (a subset of those submitted, in any order): results are
   *     mapped back by email id
   * @return {@link BatchPoll#running()} while the job runs; when it ended, a decision or a failure per email
   *     (an email left out of both is stored as failed, retryable)
   * @throws DeciderException when the job could not be read; a retryable one is polled again later, any other
   *     fails every email of the job (stored as failed and retryable: they are submitted again)
   */
  BatchPoll poll(String batchId, List<Email> emails);

  /**
   * Asks the model's side to cancel a job the pipeline gave up on (still running after {@link #timeout()}; its
   * emails are submitted again), so that the rest of it is not paid for. Best effort: a failure is logged and
   * ignored. Default: nothing.
   *
   * @param batchId an id {@link #submit} returned
   */
  default void cancel(String batchId) {}

  /** The most emails one job may take; the pipeline submits a job when it has that many. Default 1000. */
  default int maxBatchSize() {
    return 1000;
  }

  /**
   * How long the pipeline waits before the next look at a job it has looked at {@code polls} times (0 before the
   * first look). Default one minute.
   */
  default Duration pollDelay(int polls) {
    return Duration.ofMinutes(1);
  }

  /**
   * How long after its submission the pipeline gives up on a job still running: its emails are then stored as
   * failed (retryable) and submitted again later. Default 24 hours.
   */
  default Duration timeout() {
    return Duration.ofHours(24);
  }

  /** A short name for logs and metrics ({@code gemini-batch}). */
  default String name() {
    return getClass().getSimpleName();
  }

  /**
   * What this decider answers with, for the similar-email cache (see {@link Decider#cacheScope()}): a batch decider
   * on the same model as the pipeline's {@link Decider} should answer the same scope, so that each reuses the
   * other's decisions. Default {@link #name()}.
   */
  default String cacheScope() {
    return name();
  }
}
