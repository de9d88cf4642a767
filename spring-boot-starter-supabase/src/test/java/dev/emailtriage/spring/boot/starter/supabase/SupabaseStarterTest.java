package dev.emailtriage.spring.boot.starter.supabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emailtriage.EmailTriage;
import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.spi.PromptSource;
import dev.emailtriage.supabase.PostgresDecisionStore;
import dev.emailtriage.supabase.PostgresPromptRepository;
import dev.emailtriage.test.TestEmails;
import dev.emailtriage.test.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application on the PostgreSQL starter, configured as the README says: {@code spring.datasource.*}
 * only. Runs against the test kit's PostgreSQL (embedded, or {@code EMAILTRIAGE_TEST_JDBC_URL}).
 */
@ExtendWith(OutputCaptureExtension.class)
class SupabaseStarterTest {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}

  private static ConfigurableApplicationContext run(String... extra) {
    List<String> args = new ArrayList<>(List.of("--GEMINI_API_KEY=", "--GOOGLE_API_KEY=",
        "--spring.main.banner-mode=off"));
    args.addAll(List.of(extra));
    return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).run(args.toArray(String[]::new));
  }

  @Test
  void springDatasourcePropertiesAloneGiveThePostgresStore(CapturedOutput output) {
    String username = TestPostgres.user();
    String password = TestPostgres.password();
    try (ConfigurableApplicationContext context = run("--spring.datasource.url=" + TestPostgres.freshDatabaseUrl(),
        "--spring.datasource.username=" + (username == null ? "" : username),
        "--spring.datasource.password=" + (password == null ? "" : password))) {
      assertThat(context.getBean(DecisionStore.class)).isInstanceOf(PostgresDecisionStore.class);
      assertThat(context.getBean(PromptSource.class)).isInstanceOf(PostgresPromptRepository.class);

      String id = "supabase-starter-" + System.nanoTime();
      context.getBean(EmailTriage.class).process(TestEmails.question(id));
      assertThat(context.getBean(DecisionStore.class).find(id)).isPresent();
    }
    assertThat(output.getOut()).contains("store PostgresDecisionStore, prompts PostgresPromptRepository");
  }

  @Test
  void withoutSpringDatasourceUrlStartUpFailsNamingTheMissingUrl(CapturedOutput output) {
    assertThatThrownBy(() -> run("--spring.datasource.url=").close()).isInstanceOf(RuntimeException.class);
    assertThat(output.getOut() + output.getErr())
        .contains("Failed to configure a DataSource: 'url' attribute is not specified");
  }
}
