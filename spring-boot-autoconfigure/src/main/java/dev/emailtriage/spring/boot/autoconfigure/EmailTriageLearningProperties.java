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

  /** Creates the properties with their defaults. */
  public EmailTriageLearningProperties() {}

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
}
