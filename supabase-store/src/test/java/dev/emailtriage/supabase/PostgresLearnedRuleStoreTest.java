package dev.emailtriage.supabase;

import dev.emailtriage.SenderMemoryContract;
import dev.emailtriage.spi.LearnedRuleStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The {@link SenderMemoryContract} against PostgreSQL: every rule of the sender memory on the shared table. */
class PostgresLearnedRuleStoreTest extends SenderMemoryContract {

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
    store.jdbi().useHandle(h -> h.execute("TRUNCATE " + store.schema() + ".learned_senders"));
  }

  @Override
  protected LearnedRuleStore store() {
    return store.learnedRuleStore();
  }
}
