package dev.emailtriage.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link DecisionStore} keeps about one submitted batch job so that the pipeline, or another process sharing
 * the store, can poll it after a restart instead of submitting its emails again: the job's id, when it was
 * submitted, and each email waiting for it under the lease it was submitted with. Immutable.
 *
 * @param batchId the id {@link BatchDecider#submit} returned
 * @param submittedAt when the job was submitted
 * @param items the emails waiting for it
 */
public record BatchHold(String batchId, Instant submittedAt, List<Item> items) {

  /**
   * Checks the parts and copies the list.
   *
   * @throws IllegalArgumentException when {@code batchId} is blank or longer than 500 characters
   */
  public BatchHold {
    Objects.requireNonNull(batchId, "batchId");
    if (batchId.isBlank() || batchId.length() > 500) {
      throw new IllegalArgumentException("batchId must be non-blank and at most 500 characters");
    }
    Objects.requireNonNull(submittedAt, "submittedAt");
    items = List.copyOf(items);
  }

  /**
   * One email waiting for a batch job.
   *
   * @param emailId the email
   * @param leaseVersion the lease it was submitted under: its result is stored only while that lease is current
   * @param promptId the id of the prompt it was submitted with
   * @param promptVersion that prompt's version
   */
  public record Item(String emailId, long leaseVersion, String promptId, int promptVersion) {

    /** Checks the parts. */
    public Item {
      Objects.requireNonNull(emailId, "emailId");
      Objects.requireNonNull(promptId, "promptId");
    }
  }
}
