package dev.emailtriage.spring.boot.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sender memory's settings, {@code emailtriage.learning.*}: whether learned sender rules are used, and how much
 * evidence teaches one (see {@link dev.emailtriage.SenderMemory}). Not thread-safe (Spring binds it once).
 */
@ConfigurationProperties(prefix = EmailTriageLearningProperties.PREFIX)
public class EmailTriageLearningProperties {

  /** The prefix of these properties. */
  public static final String PREFIX = "emailtriage.learning";

  /** Whether the pipeline learns sender rules and applies them (source {@code learned}). */
  private boolean enabled = true;

  /** How many confident model ignores in a row, on different emails, teach a rule (at least 2). */
  private int repeats = 3;

  /** The lowest model confidence that counts as evidence. */
  private double minConfidence = 0.9;

  /** How long a learned rule lives without deciding an email. */
  private Duration expireUnusedAfter = Duration.ofDays(30);

  /** Corrections as examples for the model, {@code emailtriage.learning.examples.*}. */
  private final Examples examples = new Examples();

  /** Creates the properties with their defaults. */
  public EmailTriageLearningProperties() {}

  /** Corrections as examples for the model. */
  public Examples getExamples() {
    return examples;
  }

  /** Whether learning is on. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Sets whether learning is on. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Model ignores in a row that teach a rule. */
  public int getRepeats() {
    return repeats;
  }

  /** Sets the model ignores in a row that teach a rule. */
  public void setRepeats(int repeats) {
    this.repeats = repeats;
  }

  /** The lowest confidence that counts. */
  public double getMinConfidence() {
    return minConfidence;
  }

  /** Sets the lowest confidence that counts. */
  public void setMinConfidence(double minConfidence) {
    this.minConfidence = minConfidence;
  }

  /** How long an unused rule lives. */
  public Duration getExpireUnusedAfter() {
    return expireUnusedAfter;
  }

  /** Sets how long an unused rule lives. */
  public void setExpireUnusedAfter(Duration expireUnusedAfter) {
    this.expireUnusedAfter = expireUnusedAfter;
  }

  /**
   * Corrections teach the model, {@code emailtriage.learning.examples.*}: the few corrected earlier emails most like
   * the one sent to the model go with it as labelled examples (see
   * {@link dev.emailtriage.EmailTriage.Builder#correctionExamples(int)}). Off by default: examples are other emails'
   * subjects and excerpts sent to the model. Not thread-safe (Spring binds it once).
   */
  public static class Examples {

    /** Whether corrected emails go with model calls as examples. */
    private boolean enabled;

    /** How many examples at most per model call (1 to 5). */
    private int max = 3;

    /** Creates the settings with their defaults (off, 3). */
    public Examples() {}

    /** Whether examples are on. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether examples are on. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** The most examples per model call. */
    public int getMax() {
      return max;
    }

    /** Sets the most examples per model call. */
    public void setMax(int max) {
      this.max = max;
    }
  }
}
