package dev.emailtriage.supabase;

import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.test.BatchHoldContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The {@link BatchHoldContract} against PostgreSQL (migration V10's {@code batch_holds}). */
class PostgresBatchHoldTest extends BatchHoldContract {

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
    store.jdbi().useHandle(h -> h.execute("TRUNCATE " + store.schema() + ".batch_holds"));
  }

  @Override
  protected DecisionStore store() {
    return store.decisionStore();
  }
}
