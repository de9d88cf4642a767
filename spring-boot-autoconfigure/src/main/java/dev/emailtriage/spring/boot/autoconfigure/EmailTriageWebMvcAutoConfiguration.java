package dev.emailtriage.spring.boot.autoconfigure;

import dev.emailtriage.InvalidEmailException;
import dev.emailtriage.spring.boot.autoconfigure.internal.InvalidEmailProblemHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * In a Spring MVC application, an {@link InvalidEmailException} that leaves a controller becomes a {@code 400}
 * RFC 9457 problem ({@code application/problem+json}) listing every bad field by its JSON name, instead of a
 * {@code 500}. {@code emailtriage.web.problem-details=false} turns it off; an {@code @ExceptionHandler} of your own
 * for the exception takes precedence (this advice has the lowest order).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DispatcherServlet.class, ProblemDetail.class})
@ConditionalOnProperty(prefix = EmailTriageProperties.PREFIX + ".web", name = "problem-details", havingValue = "true",
    matchIfMissing = true)
public class EmailTriageWebMvcAutoConfiguration {

  /** Creates the configuration; Spring calls it. */
  public EmailTriageWebMvcAutoConfiguration() {}

  /** The controller advice that maps {@link InvalidEmailException} to a 400 problem. */
  @Bean
  @ConditionalOnMissingBean
  public InvalidEmailProblemHandler emailTriageInvalidEmailProblemHandler() {
    return new InvalidEmailProblemHandler();
  }
}
