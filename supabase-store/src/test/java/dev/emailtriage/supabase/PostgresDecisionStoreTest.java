package dev.emailtriage.supabase;

import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.spi.DecisionStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The {@link DecisionStoreContract} against PostgreSQL through a plain JDBC URL. */
class PostgresDecisionStoreTest extends DecisionStoreContract {

  private static SupabaseStore store;

  @BeforeAll
  static void start() {
    store = TestPostgres.freshStore().build();
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  @BeforeEach
  void empty() {
    store.jdbi().useHandle(h -> h.execute("TRUNCATE " + store.schema() + ".processed_emails, "
        + store.schema() + ".email_analytics, " + store.schema() + ".email_analytics_reasons"));
  }

  @Override
  protected DecisionStore store() {
    return store.decisionStore();
  }
}
