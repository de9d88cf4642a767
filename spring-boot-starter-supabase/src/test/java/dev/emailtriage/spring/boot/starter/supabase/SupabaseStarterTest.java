package dev.emailtriage.spring.boot.starter.supabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emailtriage.Email;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.spi.PromptSource;
import dev.emailtriage.supabase.PostgresDecisionStore;
import dev.emailtriage.supabase.PostgresPromptRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * only. Runs against an embedded PostgreSQL, or {@code EMAILTRIAGE_TEST_JDBC_URL} (with {@code _USERNAME},
 * {@code _PASSWORD}).
 */
@ExtendWith(OutputCaptureExtension.class)
class SupabaseStarterTest {

  private static EmbeddedPostgres embedded;
  private static String url;
  private static String username;
  private static String password;

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}

  @BeforeAll
  static void startPostgres() throws IOException {
    String external = System.getenv("EMAILTRIAGE_TEST_JDBC_URL");
    if (external != null && !external.isBlank()) {
      url = external;
      username = System.getenv("EMAILTRIAGE_TEST_JDBC_USERNAME");
      password = System.getenv("EMAILTRIAGE_TEST_JDBC_PASSWORD");
    } else {
      embedded = EmbeddedPostgres.builder().start();
      url = embedded.getJdbcUrl("postgres", "postgres");
      username = "postgres";
      password = "";
    }
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (embedded != null) {
      embedded.close();
    }
  }

  private static ConfigurableApplicationContext run(String... extra) {
    List<String> args = new ArrayList<>(List.of("--GEMINI_API_KEY=", "--GOOGLE_API_KEY=",
        "--spring.main.banner-mode=off"));
    args.addAll(List.of(extra));
    return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).run(args.toArray(String[]::new));
  }

  @Test
  void springDatasourcePropertiesAloneGiveThePostgresStore() {
    try (ConfigurableApplicationContext context = run("--spring.datasource.url=" + url,
        "--spring.datasource.username=" + (username == null ? "" : username),
        "--spring.datasource.password=" + (password == null ? "" : password))) {
      assertThat(context.getBean(DecisionStore.class)).isInstanceOf(PostgresDecisionStore.class);
      assertThat(context.getBean(PromptSource.class)).isInstanceOf(PostgresPromptRepository.class);

      String id = "supabase-starter-" + System.nanoTime();
      Email email = Email.builder().emailId(id).from("cliente@example.com").to("support@biofraga.com")
          .subject("Quanto custa o produto X?").body("Olá, gostaria de saber o preço do produto X.")
          .receivedAt(Instant.parse("2025-01-15T10:30:00Z")).build();
      context.getBean(EmailTriage.class).process(email);
      assertThat(context.getBean(DecisionStore.class).find(id)).isPresent();
    }
  }

  @Test
  void withoutSpringDatasourceUrlStartUpFailsNamingTheMissingUrl(CapturedOutput output) {
    assertThatThrownBy(() -> run("--spring.datasource.url=").close()).isInstanceOf(RuntimeException.class);
    assertThat(output.getOut() + output.getErr())
        .contains("Failed to configure a DataSource: 'url' attribute is not specified");
  }
}
