package dev.emailtriage.spring.boot.autoconfigure.internal;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches unless {@code emailtriage.store.type} is {@code memory} (any case). Not API. */
public final class OnStoreTypeNotMemoryCondition extends SpringBootCondition {

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    String type = context.getEnvironment().getProperty("emailtriage.store.type", "auto").strip();
    return "memory".equalsIgnoreCase(type)
        ? ConditionOutcome.noMatch("emailtriage.store.type is memory")
        : ConditionOutcome.match("emailtriage.store.type is " + type);
  }
}
