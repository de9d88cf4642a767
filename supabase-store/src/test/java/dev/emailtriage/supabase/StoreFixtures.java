package dev.emailtriage.supabase;

import dev.emailtriage.test.TestPostgres;

/** Stores of this module on the test kit's PostgreSQL, each in a fresh schema. */
final class StoreFixtures {

  private StoreFixtures() {}

  /** A store in a fresh schema on its own pool. */
  static SupabaseStore.Builder freshStore() {
    return freshStore(TestPostgres.url());
  }

  /** A store in a fresh schema on its own pool of connections to {@code jdbcUrl}. */
  static SupabaseStore.Builder freshStore(String jdbcUrl) {
    return SupabaseStore.builder().jdbcUrl(jdbcUrl).username(TestPostgres.user())
        .password(TestPostgres.password()).schema(TestPostgres.freshSchema()).maximumPoolSize(8);
  }

  /** Empties the emails and every daily analytics table of {@code store}'s schema (prompts stay). */
  static void emptyEmails(SupabaseStore store) {
    String schema = store.schema();
    store.jdbi().useHandle(h -> h.execute("TRUNCATE " + schema + ".processed_emails, " + schema
        + ".email_analytics, " + schema + ".email_analytics_reasons, " + schema + ".email_analytics_sources, "
        + schema + ".email_analytics_prompts"));
  }
}
