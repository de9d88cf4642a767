package dev.emailtriage.spring.boot.autoconfigure.internal;

import dev.emailtriage.spi.model.ModelEnvironment.Provider;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/** Applies a configuration only when {@link ModelSelection} picks this provider. Not API. */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnModelProviderCondition.class)
public @interface ConditionalOnModelProvider {
  /** The provider. */
  Provider value();
}
