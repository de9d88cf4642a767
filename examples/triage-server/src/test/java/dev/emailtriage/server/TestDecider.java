package dev.emailtriage.server;

import dev.emailtriage.Decision;
import dev.emailtriage.Email;
import dev.emailtriage.OfflineFallbackDecider;
import dev.emailtriage.Prompt;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DeciderException;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The offline fallback, except that an email id starting with {@code fail-retry} fails retryably (the model is
 * down) and one starting with {@code fail-final} fails for good (the model rejects the request).
 */
final class TestDecider implements Decider {

  private final Decider fallback = new OfflineFallbackDecider();

  @Override
  public Decision decide(Email email, Prompt prompt) {
    if (email.emailId().startsWith("fail-retry")) {
      throw new DeciderException(DeciderException.Kind.UNAVAILABLE, "test model is down");
    }
    if (email.emailId().startsWith("fail-final")) {
      throw new DeciderException(DeciderException.Kind.BAD_REQUEST, "test model rejects this");
    }
    return fallback.decide(email, prompt);
  }

  @Override
  public String name() {
    return "test-decider";
  }

  /** Registers the decider. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Config {
    @Bean
    Decider testDecider() {
      return new TestDecider();
    }
  }
}
