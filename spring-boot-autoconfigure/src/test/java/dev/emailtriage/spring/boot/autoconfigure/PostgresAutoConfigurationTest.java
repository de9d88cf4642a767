package dev.emailtriage.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.emailtriage.DecisionSource;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.InMemoryDecisionStore;
import dev.emailtriage.InMemoryPromptRepository;
import dev.emailtriage.TriageResult;
import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.spi.PromptSource;
import dev.emailtriage.supabase.PostgresDecisionStore;
import dev.emailtriage.supabase.PostgresPromptRepository;
import dev.emailtriage.supabase.SupabaseStore;
import dev.emailtriage.test.TestEmails;
import dev.emailtriage.test.TestPostgres;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** With a DataSource, the PostgreSQL store on a real PostgreSQL (embedded, or EMAILTRIAGE_TEST_JDBC_URL). */
class PostgresAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(EmailTriageAutoConfigurationTest.ALL)
      .withConfiguration(AutoConfigurations.of(EmailTriagePostgresAutoConfiguration.class,
          DataSourceAutoConfiguration.class))
      .withPropertyValues("GEMINI_API_KEY=", "GOOGLE_API_KEY=", "GEMINI_BASE_URL=");

  private ApplicationContextRunner withDatabase(String url) {
    return runner.withPropertyValues("spring.datasource.url=" + url,
        "spring.datasource.username=" + TestPostgres.user(),
        "spring.datasource.password=" + (TestPostgres.password() == null ? "" : TestPostgres.password()));
  }

  @Test
  void aDataSourceGivesThePostgresStoreMigratedAtStartUp() {
    String url = TestPostgres.freshDatabaseUrl();
    String id = "pg_" + UUID.randomUUID();
    withDatabase(url).withPropertyValues("emailtriage.prompt.company-name=Acme").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(DecisionStore.class)).isInstanceOf(PostgresDecisionStore.class);
      assertThat(context.getBean(PromptSource.class)).isInstanceOf(PostgresPromptRepository.class);
      assertThat(context).doesNotHaveBean(InMemoryDecisionStore.class).doesNotHaveBean(InMemoryPromptRepository.class);

      TriageResult r = context.getBean(EmailTriage.class).process(TestEmails.question(id));
      assertThat(r.decision().source()).isEqualTo(DecisionSource.FALLBACK);
      assertThat(context.getBean(DecisionStore.class).find(id)).isPresent();
      assertThat(context.getBean(PostgresPromptRepository.class).active().systemPrompt()).contains("Acme");

      Health h = context.getBean("emailTriageStoreHealthIndicator", HealthIndicator.class).health();
      assertThat(h.getStatus()).isEqualTo(Status.UP);
      assertThat(h.getDetails()).containsEntry("store", "PostgresDecisionStore");
    });
    assertThat(TestPostgres.tableExists(url, SupabaseStore.DEFAULT_SCHEMA, SupabaseStore.HISTORY_TABLE)).isTrue();
  }

  @Test
  void migrationsCanBeTurnedOff() {
    assumeTrue(TestPostgres.isEmbedded(), "needs a fresh database");
    String url = TestPostgres.freshDatabaseUrl();
    withDatabase(url).withPropertyValues("emailtriage.store.migrate=false").run(context -> {
      // Without its tables the store cannot seed its prompt: whatever happens, no migration ran.
    });
    assertThat(TestPostgres.tableExists(url, SupabaseStore.DEFAULT_SCHEMA, SupabaseStore.HISTORY_TABLE)).isFalse();
  }

  @Test
  void storeTypeMemoryKeepsTheInMemoryStoreDespiteADataSource() {
    withDatabase(TestPostgres.freshDatabaseUrl()).withPropertyValues("emailtriage.store.type=memory")
        .run(context -> {
          assertThat(context).hasSingleBean(DataSource.class).doesNotHaveBean(SupabaseStore.class);
          assertThat(context.getBean(DecisionStore.class)).isInstanceOf(InMemoryDecisionStore.class);
        });
  }

  @Test
  void storeTypePostgresWithADataSourceGivesThePostgresStore() {
    withDatabase(TestPostgres.freshDatabaseUrl()).withPropertyValues("emailtriage.store.type=postgres")
        .run(context -> assertThat(context.getBean(DecisionStore.class)).isInstanceOf(PostgresDecisionStore.class));
  }

  @Test
  void withoutTheSupabaseStoreOnTheClasspathADataSourceKeepsTheInMemoryStore() {
    withDatabase(TestPostgres.freshDatabaseUrl())
        .withClassLoader(new FilteredClassLoader(SupabaseStore.class))
        .run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(SupabaseStore.class);
          assertThat(context.getBean(DecisionStore.class)).isInstanceOf(InMemoryDecisionStore.class);
        });
  }

  @Test
  void theUsersOwnSupabaseStoreWinsAndGivesTheStoreAndPrompts() {
    String url = TestPostgres.freshDatabaseUrl();
    try (SupabaseStore mine = SupabaseStore.builder().jdbcUrl(url).username(TestPostgres.user())
        .password(TestPostgres.password()).schema("mine_" + UUID.randomUUID().toString().substring(0, 8))
        .maximumPoolSize(2).build()) {
      withDatabase(url).withBean("mySupabaseStore", SupabaseStore.class, () -> mine).run(context -> {
        assertThat(context).hasSingleBean(SupabaseStore.class);
        assertThat(context.getBean(DecisionStore.class)).isSameAs(mine.decisionStore());
        assertThat(context.getBean(PromptSource.class)).isSameAs(mine.promptRepository());
      });
    }
  }

  @Test
  void theUsersOwnStoreWinsOverPostgres() {
    InMemoryDecisionStore mine = new InMemoryDecisionStore();
    withDatabase(TestPostgres.freshDatabaseUrl())
        .withBean("myStore", DecisionStore.class, () -> mine)
        .run(context -> {
          assertThat(context).hasSingleBean(DecisionStore.class);
          assertThat(context.getBean(DecisionStore.class)).isSameAs(mine);
          // The prompt repository still comes from PostgreSQL.
          assertThat(context.getBean(PromptSource.class)).isInstanceOf(PostgresPromptRepository.class);
        });
  }
}
