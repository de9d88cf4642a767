package dev.emailtriage.spring.boot.autoconfigure;

import dev.emailtriage.EmailTriage;

/**
 * A callback that adjusts the {@link EmailTriage.Builder} of the auto-configured {@link EmailTriage} bean after the
 * {@code emailtriage.*} properties and the decider, store, prompt, rule and listener beans have been applied: for
 * settings that have no property (worker threads, decider timeout, a fallback decider). Declare one or more as beans;
 * they run in {@link org.springframework.core.annotation.Order} order. The decider, store and prompt source are
 * already set from their beans (the builder refuses a second one): replace those beans instead. Implementations need
 * not be thread-safe: they run once, at start-up.
 *
 * <pre>{@code
 * @Bean
 * EmailTriageBuilderCustomizer moreWorkers() {
 *   return builder -> builder.workerThreads(4);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface EmailTriageBuilderCustomizer {

  /** Adjusts {@code builder}. */
  void customize(EmailTriage.Builder builder);
}
