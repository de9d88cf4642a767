package dev.emailtriage.spring.boot.autoconfigure.internal;

import dev.emailtriage.gemini.GeminiDecider;
import dev.emailtriage.spi.Decider;
import org.springframework.util.ClassUtils;

/**
 * Reads what a {@link GeminiDecider} says about itself, touching the adapter's classes only when they are on the
 * classpath. Not API. Stateless.
 */
public final class GeminiDetails {

  private static final boolean PRESENT =
      ClassUtils.isPresent("dev.emailtriage.gemini.GeminiDecider", GeminiDetails.class.getClassLoader());

  private GeminiDetails() {}

  /** The model of {@code decider} when it is a {@link GeminiDecider}, else {@code null}. */
  public static String modelOf(Decider decider) {
    return PRESENT ? Gemini.modelOf(decider) : null;
  }

  /** Loaded only when the adapter is present. */
  private static final class Gemini {
    static String modelOf(Decider decider) {
      return decider instanceof GeminiDecider g ? g.model() : null;
    }
  }
}
