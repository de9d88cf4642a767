package dev.emailtriage.internal;

import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import dev.emailtriage.spi.Decider;
import java.time.Duration;

/**
 * Whether a decider honours the time limit it is given, which decides how the pipeline cuts its calls. Thread-safe.
 * Not API.
 */
public final class TimeLimits {

  /**
   * Implemented by the library's own deciders that wrap others (the cascade): they honour a time limit only when
   * every decider they call does.
   */
  public interface Composite {
    /** Whether every decider this one calls honours its time limit. */
    boolean honoursTimeLimit();
  }

  /** Whether a decider class overrides the three-argument {@code decide}, i.e. says it honours its time limit. */
  private static final ClassValue<Boolean> OVERRIDES = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      try {
        return type.getMethod("decide", Email.class, Prompt.class, Duration.class).getDeclaringClass()
            != Decider.class;
      } catch (NoSuchMethodException e) {
        return false;
      }
    }
  };

  private TimeLimits() {}

  /**
   * True when {@code d} honours the time limit of {@link Decider#decide(Email, Prompt, Duration)}: it overrides that
   * method and, when it wraps other deciders, each of them does too.
   */
  public static boolean honoured(Decider d) {
    return d instanceof Composite c ? c.honoursTimeLimit() : OVERRIDES.get(d.getClass());
  }
}
