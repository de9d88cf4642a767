package dev.emailtriage.supabase;

import dev.emailtriage.spi.MailboxStateStore;
import dev.emailtriage.test.MailboxStateStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The {@link MailboxStateStoreContract} against PostgreSQL (migration V5). */
class PostgresMailboxStateStoreTest extends MailboxStateStoreContract {

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
    store.jdbi().useHandle(h -> h.execute("TRUNCATE " + store.schema() + ".mailbox_checkpoints, "
        + store.schema() + ".mailbox_actions"));
  }

  @Override
  protected MailboxStateStore store() {
    return store.mailboxStateStore();
  }
}
