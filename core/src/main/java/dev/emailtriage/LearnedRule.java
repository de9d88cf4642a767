package dev.emailtriage;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A sender rule the library learned ({@link SenderMemory}): mail from {@link #identity()} is ignored without a model
 * call while the rule lives. Immutable and thread-safe.
 *
 * @param id the rule's stable id ({@code lr_...}), written into every decision it makes
 * @param identity the sender identity it applies to (see {@link SenderMemory#identityOf(Email)})
 * @param emailType the type its decisions carry (the type of the latest evidence)
 * @param confidence the confidence its decisions carry: the lowest confidence of its evidence
 * @param evidence why it was learned, in words (written into the reason of its decisions)
 * @param evidenceEmailIds the emails it was learned from (at least two)
 * @param createdAt when it was learned
 * @param lastUsedAt when it last decided an email, or {@code null}
 * @param expiresAt when it expires unless it decides an email before (each use moves this on)
 * @param hits how many emails it decided
 */
public record LearnedRule(
    @JsonProperty("id") String id,
    @JsonProperty("identity") String identity,
    @JsonProperty("email_type") EmailType emailType,
    @JsonProperty("confidence") double confidence,
    @JsonProperty("evidence") String evidence,
    @JsonProperty("evidence_email_ids") List<String> evidenceEmailIds,
    @JsonProperty("created_at") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant createdAt,
    @JsonProperty("last_used_at") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant lastUsedAt,
    @JsonProperty("expires_at") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant expiresAt,
    @JsonProperty("hits") long hits) {

  /** Checks the values and copies the list. */
  public LearnedRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(emailType, "emailType");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    evidenceEmailIds = List.copyOf(evidenceEmailIds);
    if (evidenceEmailIds.size() < 2) {
      throw new IllegalArgumentException("a learned rule needs at least two evidence emails, had "
          + evidenceEmailIds.size());
    }
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in [0, 1], was " + confidence);
    }
    if (hits < 0) {
      throw new IllegalArgumentException("hits must not be negative, was " + hits);
    }
  }

  /** Whether the rule still decides at {@code now} (it has not expired). */
  public boolean activeAt(Instant now) {
    return expiresAt.isAfter(now);
  }

  /** This rule after deciding one more email at {@code now}, living until {@code newExpiry}. */
  public LearnedRule used(Instant now, Instant newExpiry) {
    return new LearnedRule(id, identity, emailType, confidence, evidence, evidenceEmailIds, createdAt, now, newExpiry,
        hits + 1);
  }
}
