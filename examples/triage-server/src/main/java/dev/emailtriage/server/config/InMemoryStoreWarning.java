package dev.emailtriage.server.config;

import dev.emailtriage.InMemoryDecisionStore;
import dev.emailtriage.spi.DecisionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** One WARN at start-up when decisions live only in memory (no {@code SPRING_DATASOURCE_URL}). */
@Component
public class InMemoryStoreWarning implements ApplicationListener<ApplicationReadyEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryStoreWarning.class);

  private final DecisionStore store;

  /** A warning about this store. */
  public InMemoryStoreWarning(DecisionStore store) {
    this.store = store;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    if (store instanceof InMemoryDecisionStore) {
      LOG.warn("Decisions, the async queue and prompt changes are kept in memory and lost when the server stops; "
          + "set SPRING_DATASOURCE_URL (with _USERNAME and _PASSWORD) to keep them in PostgreSQL/Supabase");
    }
  }
}
