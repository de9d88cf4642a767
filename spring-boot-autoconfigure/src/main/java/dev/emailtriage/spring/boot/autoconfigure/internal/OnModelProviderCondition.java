package dev.emailtriage.spring.boot.autoconfigure.internal;

import dev.emailtriage.spi.model.ModelEnvironment.Provider;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@link ModelSelection} picks the provider named by {@link ConditionalOnModelProvider}; fails the
 * start, naming the property, when the choice is ambiguous. Not API.
 */
public final class OnModelProviderCondition extends SpringBootCondition {

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnModelProvider.class.getName());
    Provider wanted = (Provider) attributes.get("value");
    Provider chosen = ModelSelection.provider(context.getEnvironment(), context.getClassLoader());
    return chosen == wanted
        ? ConditionOutcome.match("model provider " + wanted.wireName() + " selected")
        : ConditionOutcome.noMatch("model provider " + (chosen == null ? "none" : chosen.wireName())
            + " selected, not " + wanted.wireName());
  }
}
