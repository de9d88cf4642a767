package dev.emailtriage.spring.boot.starter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.DecisionSource;
import dev.emailtriage.Email;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.InMemoryDecisionStore;
import dev.emailtriage.OfflineFallbackDecider;
import dev.emailtriage.TriageResult;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DecisionStore;
import java.io.File;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application on the base starter alone, as a user who wants another model and the in-memory store gets
 * it: this module's test class path is the starter's dependencies plus JUnit, AssertJ and spring-boot-test.
 */
class BaseStarterTest {

  /** Classes of what the base starter must not bring: the Gemini SDK, JDBI, Flyway, the PostgreSQL driver, Hikari. */
  private static final List<String> ABSENT_CLASSES = List.of("com.google.genai.Client", "org.jdbi.v3.core.Jdbi",
      "org.flywaydb.core.Flyway", "org.postgresql.Driver", "com.zaxxer.hikari.HikariDataSource",
      "dev.emailtriage.gemini.GeminiDecider", "dev.emailtriage.supabase.SupabaseStore");

  /** Jar names of the same, in case a class moves. */
  private static final List<String> ABSENT_JARS = List.of("google-genai", "jdbi3-", "flyway-", "postgresql-",
      "HikariCP", "email-triage-gemini", "email-triage-supabase", "okhttp", "kotlin-stdlib");

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}

  @Test
  void baseStarterBringsNeitherTheGeminiSdkNorJdbiNorAnySqlLibrary() {
    for (String name : ABSENT_CLASSES) {
      assertThat(loadable(name)).as(name + " on the base starter's class path").isFalse();
    }
    List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(path -> new File(path).getName()).toList();
    assertThat(jars).as("the test class path").isNotEmpty();
    for (String jar : ABSENT_JARS) {
      assertThat(jars).as("jars named " + jar + "*").noneMatch(name -> name.startsWith(jar));
    }
  }

  @Test
  void applicationOnTheBaseStarterRunsOnTheInMemoryStoreAndTheOfflineFallback() {
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE)
        .run("--GEMINI_API_KEY=", "--GOOGLE_API_KEY=", "--spring.main.banner-mode=off")) {
      assertThat(context.getBean(DecisionStore.class)).isInstanceOf(InMemoryDecisionStore.class);
      assertThat(context.getBean(Decider.class)).isInstanceOf(OfflineFallbackDecider.class);

      Email email = Email.builder().emailId("starter-1").from("cliente@example.com").to("support@biofraga.com")
          .subject("Quanto custa o produto X?").body("Olá, gostaria de saber o preço do produto X.")
          .receivedAt(Instant.parse("2025-01-15T10:30:00Z")).build();
      TriageResult result = context.getBean(EmailTriage.class).process(email);
      assertThat(result.decision().source()).isEqualTo(DecisionSource.FALLBACK);
      assertThat(context.getBean(DecisionStore.class).find("starter-1")).isPresent();
    }
  }

  private static boolean loadable(String className) {
    try {
      Class.forName(className, false, BaseStarterTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
