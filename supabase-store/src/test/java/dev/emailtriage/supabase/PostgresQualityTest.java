package dev.emailtriage.supabase;

import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.spi.QualityContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The {@link QualityContract} against PostgreSQL: the same numbers from one SQL statement. */
class PostgresQualityTest extends QualityContract {

  private static SupabaseStore store;

  @BeforeAll
  static void start() {
    store = StoreFixtures.freshStore().build();
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  @BeforeEach
  void empty() {
    StoreFixtures.emptyEmails(store);
  }

  @Override
  protected DecisionStore store() {
    return store.decisionStore();
  }
}
