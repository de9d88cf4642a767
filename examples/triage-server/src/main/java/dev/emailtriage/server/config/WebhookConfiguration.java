package dev.emailtriage.server.config;

import dev.emailtriage.InMemoryDecisionStore;
import dev.emailtriage.server.webhook.InMemoryWebhookOutbox;
import dev.emailtriage.server.webhook.PostgresWebhookOutbox;
import dev.emailtriage.server.webhook.WebhookOutbox;
import dev.emailtriage.spi.DecisionStore;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The webhook outbox beside the store: in PostgreSQL (the server's own schema and migrations) when decisions are
 * kept there, in memory beside the in-memory store.
 */
@Configuration(proxyBeanMethods = false)
public class WebhookConfiguration {

  @Bean
  WebhookOutbox webhookOutbox(DecisionStore store, ObjectProvider<DataSource> dataSource) {
    DataSource ds = dataSource.getIfAvailable();
    if (!(store instanceof InMemoryDecisionStore) && ds != null) {
      return new PostgresWebhookOutbox(ds);
    }
    return new InMemoryWebhookOutbox();
  }
}
