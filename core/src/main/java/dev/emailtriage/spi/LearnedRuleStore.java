package dev.emailtriage.spi;

import dev.emailtriage.EmailType;
import dev.emailtriage.LearnedRule;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps what the {@link dev.emailtriage.SenderMemory} knows about each sender identity: the evidence towards a
 * learned rule, whether the identity is barred from learning for good, and its learned rule. Thread-safe; a
 * database-backed store is shared by every instance on that database, and its writes are compare-and-set on a
 * version number, so two instances never overwrite each other's update. The policy (when to learn, retire, expire)
 * lives in {@code SenderMemory}, never in a store: a store only keeps states faithfully.
 */
public interface LearnedRuleStore {

  /** The state of {@code identity}, if anything is known about it. */
  Optional<SenderState> find(String identity);

  /**
   * Stores {@code next} if the stored state of {@code next.identity()} still has version {@code expectedVersion}
   * ({@code 0}: no state is stored yet). {@code next.version()} must be {@code expectedVersion + 1}.
   *
   * @return true when stored, false when another writer got there first (read again and retry)
   * @throws IllegalArgumentException when {@code next}'s version is not {@code expectedVersion + 1}
   */
  boolean compareAndSet(long expectedVersion, SenderState next);

  /** The state whose learned rule has id {@code ruleId}, if there is one. */
  Optional<SenderState> findByRuleId(String ruleId);

  /**
   * Counts one more email decided by rule {@code ruleId} at {@code now} and moves its expiry to {@code expiresAt}, in
   * one atomic step that also counts the state's version up; nothing happens when the rule is gone or expired at
   * {@code now}.
   *
   * @return true when the rule was still active and the use was counted
   */
  boolean recordUse(String ruleId, Instant now, Instant expiresAt);

  /** The learned rules active at {@code now} (not expired), newest first. */
  List<LearnedRule> activeRules(Instant now);

  /**
   * What is known about one sender identity. Immutable.
   *
   * @param identity the sender identity
   * @param version counts every stored change, from 1
   * @param evidence the emails that count towards learning a rule (oldest first, bounded); in a barred state, the
   *     model's uncorrected {@code respond}s ({@link Evidence.Kind#MODEL_RESPOND}) when those alone bar it
   * @param barred true when the identity may not get a learned rule (it got a respond, or its rule was revoked)
   * @param barredReason why it is barred, or {@code null}
   * @param rule its learned rule, or {@code null} (possibly expired)
   * @param updatedAt when it last changed
   */
  record SenderState(String identity, long version, List<Evidence> evidence, boolean barred, String barredReason,
      LearnedRule rule, Instant updatedAt) {

    /** Checks the values and copies the list. */
    public SenderState {
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(updatedAt, "updatedAt");
      evidence = List.copyOf(evidence);
      if (version < 1) {
        throw new IllegalArgumentException("version must be at least 1, was " + version);
      }
      if (rule != null && !rule.identity().equals(identity)) {
        throw new IllegalArgumentException("rule " + rule.id() + " belongs to " + rule.identity());
      }
    }
  }

  /**
   * One email that counts towards a learned rule. Immutable.
   *
   * @param emailId the email
   * @param kind whether the model or a person said ignore (or the model said respond, {@link Kind#MODEL_RESPOND})
   * @param confidence the model's confidence (1 for a person)
   * @param emailType the type of the email
   * @param at when it was observed
   */
  record Evidence(String emailId, Kind kind, double confidence, EmailType emailType, Instant at) {

    /** Checks the values. */
    public Evidence {
      Objects.requireNonNull(emailId, "emailId");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(emailType, "emailType");
      Objects.requireNonNull(at, "at");
    }

    /** Who said ignore. */
    public enum Kind {
      /** The model, with a confidence at or above the sender memory's threshold. */
      MODEL,
      /** A person, through feedback. */
      PERSON,
      /**
       * Not evidence towards a rule: the model decided {@code respond} on this email and no person has corrected it
       * yet. While a state holds one, it is barred; when a person corrects every one of them to {@code ignore}, the
       * bar is lifted (the sender memory's policy; see {@code SenderMemory}).
       */
      MODEL_RESPOND
    }
  }
}
