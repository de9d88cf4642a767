package dev.emailtriage.supabase;

import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.test.DecisionStoreContract;
import dev.emailtriage.test.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The {@link DecisionStoreContract} with {@code prepareThreshold=0}, as through Supabase's transaction pooler
 * (port 6543), which keeps no server-side prepared statements.
 */
class PooledModeTest extends DecisionStoreContract {

  private static SupabaseStore store;

  @BeforeAll
  static void start() {
    store = StoreFixtures.freshStore(TestPostgres.urlWith("prepareThreshold=0")).build();
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
