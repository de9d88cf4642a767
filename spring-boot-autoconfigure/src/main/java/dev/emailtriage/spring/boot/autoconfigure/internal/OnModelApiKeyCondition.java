package dev.emailtriage.spring.boot.autoconfigure.internal;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when a model API key is configured: {@code emailtriage.gemini.api-key}, {@code GEMINI_API_KEY} or
 * {@code GOOGLE_API_KEY}. Not API.
 */
public final class OnModelApiKeyCondition extends SpringBootCondition {

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    String source = ModelEnvironment.apiKeySource(context.getEnvironment());
    return source != null
        ? ConditionOutcome.match("model API key found in " + source)
        : ConditionOutcome.noMatch("no " + ModelEnvironment.API_KEY_PROPERTY + ", GEMINI_API_KEY or GOOGLE_API_KEY");
  }
}
