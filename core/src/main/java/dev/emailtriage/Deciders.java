package dev.emailtriage;

import dev.emailtriage.internal.TimeLimits;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DeciderException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ready-made compositions of {@link Decider}s. Stateless and thread-safe.
 *
 * <p>{@link #cascade(Decider, Decider)} asks a cheap model first and a strong one only when it must: when the cheap
 * one fails, answers below a confidence, or answers a type that is always checked. Each decision keeps the
 * {@code model_version} of the model that made it; an {@link EscalationListener} counts escalations.
 *
 * <pre>{@code
 * Decider decider = Deciders.cascade(flashLite, flash)
 *     .escalateBelow(0.8)
 *     .alwaysCheck(EmailType.COMPLAINT)
 *     .listener((email, reason, cheap, failure) -> escalations.increment())
 *     .build();
 * }</pre>
 */
public final class Deciders {

  private Deciders() {}

  /**
   * A builder of a cascade: {@code cheap} first, {@code strong} when it must.
   *
   * @param cheap the model asked first for every email
   * @param strong the model asked for the escalated share
   * @return a builder; by default it escalates below confidence 0.7 and when the cheap model fails
   * @throws IllegalArgumentException naming {@code cheap} or {@code strong} when {@code null}, or when both are the
   *     same instance
   */
  public static CascadeBuilder cascade(Decider cheap, Decider strong) {
    if (cheap == null || strong == null) {
      throw new IllegalArgumentException((cheap == null ? "cheap" : "strong") + " must not be null");
    }
    if (cheap == strong) {
      throw new IllegalArgumentException("cheap and strong must be two deciders, not the same one twice");
    }
    return new CascadeBuilder(cheap, strong);
  }

  /** Why a cascade asked its strong model. */
  public enum Escalation {
    /** The cheap model answered below the confidence threshold. */
    LOW_CONFIDENCE,
    /** The cheap model answered a type that is always checked. */
    ALWAYS_CHECKED_TYPE,
    /** The cheap model failed. */
    CHEAP_FAILED;

    /**
     * The lowercase name used in metrics.
     *
     * @return e.g. {@code low_confidence}
     */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Told each time a cascade asks its strong model (for metrics and logs). Implementations must be thread-safe and
   * quick; an exception they throw is logged and ignored.
   */
  @FunctionalInterface
  public interface EscalationListener {
    /**
     * The strong model is about to be asked.
     *
     * @param email the email
     * @param reason why
     * @param cheapDecision what the cheap model answered, or {@code null} when it failed
     * @param cheapFailure why the cheap model failed, or {@code null}
     */
    void onEscalation(Email email, Escalation reason, Decision cheapDecision, RuntimeException cheapFailure);
  }

  /**
   * Builds a cascade {@link Decider}; not thread-safe. Every setting may be made once
   * ({@link IllegalStateException}); a bad value is an {@link IllegalArgumentException} naming the setting.
   */
  public static final class CascadeBuilder {
    private final Decider cheap;
    private final Decider strong;
    private final Set<String> set = new HashSet<>();
    private double escalateBelow = 0.7;
    private final EnumSet<EmailType> alwaysCheck = EnumSet.noneOf(EmailType.class);
    private boolean escalateOnFailure = true;
    private double cheapTimeShare = 0.5;
    private final List<EscalationListener> listeners = new ArrayList<>();
    private Clock clock = Clock.systemUTC();

    private CascadeBuilder(Decider cheap, Decider strong) {
      this.cheap = cheap;
      this.strong = strong;
    }

    private void once(String setting) {
      if (!set.add(setting)) {
        throw new IllegalStateException(setting + " was already set");
      }
    }

    /**
     * Escalates when the cheap model's confidence is below {@code threshold}; default 0.7. 0 never escalates on
     * confidence.
     *
     * @param threshold in [0, 1]
     * @return this builder
     * @throws IllegalArgumentException naming {@code escalateBelow} when out of range
     * @throws IllegalStateException when already set
     */
    public CascadeBuilder escalateBelow(double threshold) {
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("escalateBelow must be in [0, 1], was " + threshold);
      }
      once("escalateBelow");
      this.escalateBelow = threshold;
      return this;
    }

    /**
     * Escalates every email the cheap model gives one of {@code types}, whatever its confidence. None by default.
     *
     * @param types the types always checked by the strong model
     * @return this builder
     * @throws IllegalArgumentException naming {@code alwaysCheck} when empty or containing {@code null}
     * @throws IllegalStateException when already set
     */
    public CascadeBuilder alwaysCheck(EmailType... types) {
      if (types == null || types.length == 0 || java.util.Arrays.asList(types).contains(null)) {
        throw new IllegalArgumentException("alwaysCheck must name at least one type and no null");
      }
      once("alwaysCheck");
      alwaysCheck.addAll(List.of(types));
      return this;
    }

    /**
     * Whether a failure of the cheap model (rate limit, outage, invalid answer, block) goes to the strong one;
     * default true. With false, the cheap model's failure is the cascade's.
     *
     * @param escalate whether to escalate failures
     * @return this builder
     * @throws IllegalStateException when already set
     */
    public CascadeBuilder escalateOnFailure(boolean escalate) {
      once("escalateOnFailure");
      this.escalateOnFailure = escalate;
      return this;
    }

    /**
     * The share of a call's time limit the cheap model may use; the strong one gets what is left. Default 0.5.
     *
     * @param share in (0, 1)
     * @return this builder
     * @throws IllegalArgumentException naming {@code cheapTimeShare} when out of range
     * @throws IllegalStateException when already set
     */
    public CascadeBuilder cheapTimeShare(double share) {
      if (!(share > 0 && share < 1)) {
        throw new IllegalArgumentException("cheapTimeShare must be in (0, 1), was " + share);
      }
      once("cheapTimeShare");
      this.cheapTimeShare = share;
      return this;
    }

    /**
     * Adds a listener told of each escalation; may be called for several listeners.
     *
     * @param listener the listener
     * @return this builder
     * @throws IllegalArgumentException naming {@code listener} when {@code null}
     */
    public CascadeBuilder listener(EscalationListener listener) {
      if (listener == null) {
        throw new IllegalArgumentException("listener must not be null");
      }
      listeners.add(listener);
      return this;
    }

    /**
     * The clock the time limit is measured with; default the system UTC clock. For tests.
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalArgumentException naming {@code clock} when {@code null}
     * @throws IllegalStateException when already set
     */
    public CascadeBuilder clock(Clock clock) {
      if (clock == null) {
        throw new IllegalArgumentException("clock must not be null");
      }
      once("clock");
      this.clock = clock;
      return this;
    }

    /**
     * The cascade.
     *
     * @return a thread-safe decider
     * @throws IllegalStateException when it could never escalate: {@code escalateBelow(0)} with no type always
     *     checked and {@code escalateOnFailure(false)}
     */
    public Decider build() {
      if (escalateBelow == 0 && alwaysCheck.isEmpty() && !escalateOnFailure) {
        throw new IllegalStateException("this cascade would never ask the strong model: escalateBelow is 0, no type"
            + " is in alwaysCheck and escalateOnFailure is false");
      }
      return new Cascade(this);
    }
  }

  /** The cascade decider. */
  private static final class Cascade implements Decider, TimeLimits.Composite {
    private static final Logger LOG = LoggerFactory.getLogger(Cascade.class);
    private static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(60);

    private final Decider cheap;
    private final Decider strong;
    private final double escalateBelow;
    private final Set<EmailType> alwaysCheck;
    private final boolean escalateOnFailure;
    private final double cheapTimeShare;
    private final List<EscalationListener> listeners;
    private final Clock clock;
    private final String name;

    Cascade(CascadeBuilder b) {
      this.cheap = b.cheap;
      this.strong = b.strong;
      this.escalateBelow = b.escalateBelow;
      this.alwaysCheck = Set.copyOf(b.alwaysCheck);
      this.escalateOnFailure = b.escalateOnFailure;
      this.cheapTimeShare = b.cheapTimeShare;
      this.listeners = List.copyOf(b.listeners);
      this.clock = b.clock;
      this.name = cheap.name().equals(strong.name()) ? cheap.name() : "cascade";
    }

    @Override
    public Decision decide(Email email, Prompt prompt) {
      return decide(email, prompt, DEFAULT_TIME_LIMIT);
    }

    /** A child that cannot know the time limit could hold the caller past it: then the pipeline cuts the call. */
    @Override
    public boolean honoursTimeLimit() {
      return TimeLimits.honoured(cheap) && TimeLimits.honoured(strong);
    }

    @Override
    public Decision decide(Email email, Prompt prompt, Duration timeLimit) {
      Objects.requireNonNull(timeLimit, "timeLimit");
      long start = clock.millis();
      Duration cheapLimit = Duration.ofMillis(Math.max(1, Math.round(timeLimit.toMillis() * cheapTimeShare)));
      Decision first;
      try {
        first = cheap.decide(email, prompt, cheapLimit);
      } catch (RuntimeException e) {
        if (!escalateOnFailure) {
          throw e;
        }
        return escalate(email, prompt, timeLimit, start, Escalation.CHEAP_FAILED, null, e);
      }
      if (first == null) {
        return escalate(email, prompt, timeLimit, start, Escalation.CHEAP_FAILED, null,
            new DeciderException(DeciderException.Kind.INVALID_RESPONSE, cheap.name() + " returned no decision"));
      }
      if (first.confidence() < escalateBelow) {
        return escalate(email, prompt, timeLimit, start, Escalation.LOW_CONFIDENCE, first, null);
      }
      if (alwaysCheck.contains(first.emailType())) {
        return escalate(email, prompt, timeLimit, start, Escalation.ALWAYS_CHECKED_TYPE, first, null);
      }
      return first;
    }

    private Decision escalate(Email email, Prompt prompt, Duration timeLimit, long start, Escalation reason,
        Decision cheapDecision, RuntimeException cheapFailure) {
      for (EscalationListener l : listeners) {
        try {
          l.onEscalation(email, reason, cheapDecision, cheapFailure);
        } catch (RuntimeException e) {
          LOG.warn("cascade escalation listener failed: {}", e.toString());
        }
      }
      long left = timeLimit.toMillis() - (clock.millis() - start);
      if (left <= 0) {
        DeciderException timeout = new DeciderException(DeciderException.Kind.TIMEOUT, "no time left for "
            + strong.name() + " after " + cheap.name() + " (" + reason.wireName() + ")", cheapFailure);
        throw timeout;
      }
      try {
        return strong.decide(email, prompt, Duration.ofMillis(left));
      } catch (RuntimeException e) {
        if (cheapFailure != null) {
          e.addSuppressed(cheapFailure);
        }
        throw e;
      }
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String cacheScope() {
      return cheap.cacheScope() + ">" + strong.cacheScope();
    }

    @Override
    public String toString() {
      return "cascade(" + cheap.name() + " -> " + strong.name() + ", below " + escalateBelow + ")";
    }
  }
}
