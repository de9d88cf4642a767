package dev.emailtriage.supabase;

import dev.emailtriage.spi.PromptRepository;
import dev.emailtriage.test.PromptRepositoryContract;
import dev.emailtriage.test.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The {@link PromptRepositoryContract} against PostgreSQL (through {@code prepareThreshold=0}). */
class PostgresPromptRepositoryTest extends PromptRepositoryContract {

  private static SupabaseStore store;

  @BeforeAll
  static void start() {
    store = StoreFixtures.freshStore(TestPostgres.urlWith("prepareThreshold=0")).initialPrompt(INITIAL)
        .build();
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  @BeforeEach
  void reset() {
    store.jdbi().useHandle(h -> h.execute("TRUNCATE " + store.schema() + ".ai_prompts CASCADE"));
    store.promptRepository().seedIfEmpty(INITIAL);
  }

  @Override
  protected PromptRepository repository() {
    return store.promptRepository();
  }
}
