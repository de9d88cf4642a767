package dev.emailtriage.spring.boot.autoconfigure.internal;

import dev.emailtriage.spi.model.ModelEnvironment.Provider;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Applies a configuration only when {@link ModelSelection} picks this provider; the start fails, naming the property,
 * when the choice is ambiguous. Not API.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(ConditionalOnModelProvider.OnModelProvider.class)
public @interface ConditionalOnModelProvider {

  /**
   * The provider.
   *
   * @return the provider that must be selected
   */
  Provider value();

  /** The condition behind the annotation. */
  final class OnModelProvider extends SpringBootCondition {

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
}
