package dev.emailtriage.spring.boot.autoconfigure;

import dev.emailtriage.DefaultPrompt;
import dev.emailtriage.InMemoryPromptRepository;
import dev.emailtriage.spi.PromptSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The prompt source, when no other is defined: an in-memory prompt repository holding the origin's default prompt
 * with the company details of {@code emailtriage.prompt.*}.
 */
@AutoConfiguration(afterName = "dev.emailtriage.spring.boot.autoconfigure.EmailTriagePostgresAutoConfiguration")
@EnableConfigurationProperties(EmailTriageProperties.class)
public class EmailTriagePromptAutoConfiguration {

  /** Creates the configuration; Spring calls it. */
  public EmailTriagePromptAutoConfiguration() {}

  /** The in-memory prompt repository with the configured default prompt active. */
  @Bean
  @ConditionalOnMissingBean(PromptSource.class)
  public InMemoryPromptRepository emailTriagePromptRepository(EmailTriageProperties properties) {
    return new InMemoryPromptRepository(defaultPrompt(properties.getPrompt()));
  }

  static dev.emailtriage.Prompt defaultPrompt(EmailTriageProperties.Prompt p) {
    DefaultPrompt.Builder b = DefaultPrompt.builder();
    named("company-name", () -> b.companyName(p.getCompanyName()));
    named("sector", () -> b.sector(p.getSector()));
    named("support-address", () -> b.supportAddress(p.getSupportAddress()));
    if (p.getSignature() != null) {
      named("signature", () -> b.signature(p.getSignature()));
    }
    named("language", () -> b.language(p.getLanguage()));
    return b.build();
  }

  private static void named(String property, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("emailtriage.prompt." + property + ": " + e.getMessage(), e);
    }
  }
}
