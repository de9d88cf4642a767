package dev.emailtriage.server.config;

import dev.emailtriage.InMemoryDecisionStore;
import dev.emailtriage.spi.DecisionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * One WARN at start-up when decisions live only in memory: no {@code SPRING_DATASOURCE_URL}, and the embedded
 * PostgreSQL turned off or unable to start (the WARN says which).
 */
@Component
public class InMemoryStoreWarning implements ApplicationListener<ApplicationReadyEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryStoreWarning.class);

  private final DecisionStore store;
  private final ObjectProvider<EmbeddedDatabase> embedded;

  /** A warning about this store, saying why the embedded database does not hold it. */
  public InMemoryStoreWarning(DecisionStore store, ObjectProvider<EmbeddedDatabase> embedded) {
    this.store = store;
    this.embedded = embedded;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    if (store instanceof InMemoryDecisionStore) {
      EmbeddedDatabase database = embedded.getIfAvailable();
      String why = database == null || database.reason() == null ? "" : " (" + database.reason() + ")";
      LOG.warn("NOT DURABLE: decisions, the async queue and prompt changes are kept in memory and lost when the server stops{}; "
          + "set SPRING_DATASOURCE_URL (with _USERNAME and _PASSWORD) to keep them in PostgreSQL/Supabase, or let "
          + "the embedded PostgreSQL start (EMAILTRIAGE_EMBEDDED_DB, EMAILTRIAGE_EMBEDDED_DB_DIR)", why);
    }
  }
}
