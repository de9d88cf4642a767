package dev.emailtriage.server.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.emailtriage.InMemoryDecisionStore;
import dev.emailtriage.server.config.EmbeddedDatabase;
import dev.emailtriage.spi.DecisionStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/health} (also {@code /health}): no key needed. */
@RestController
@Tag(name = "health")
public class HealthController {

  private final DecisionStore store;
  private final String storeType;
  private final boolean durable;

  /** The controller over this store. */
  public HealthController(DecisionStore store, ObjectProvider<EmbeddedDatabase> embedded) {
    this.store = store;
    EmbeddedDatabase database = embedded.getIfAvailable();
    if (store instanceof InMemoryDecisionStore) {
      this.storeType = "memory";
      this.durable = false;
    } else if (database != null && database.running()) {
      this.storeType = "embedded-postgresql";
      this.durable = true;
    } else {
      this.storeType = store.getClass().getSimpleName().startsWith("Postgres") ? "postgresql" : "custom";
      this.durable = true;
    }
  }

  /**
   * The health answer.
   *
   * @param status {@code ok} or {@code degraded} (the store did not answer)
   * @param store the store class in use
   * @param storeType {@code embedded-postgresql}, {@code postgresql} (SPRING_DATASOURCE_URL), {@code memory} or
   *     {@code custom}
   * @param durable whether accepted emails and decisions survive a stop or crash of the server (false in memory)
   * @param queueDepth emails waiting in the queue, or -1 when the store did not answer
   * @param time the server's time
   */
  public record Health(
      @JsonProperty("status") String status,
      @JsonProperty("store") String store,
      @JsonProperty("store_type") String storeType,
      @JsonProperty("durable") boolean durable,
      @JsonProperty("queue_depth") long queueDepth,
      @JsonProperty("time") String time) {}

  /** Whether the server and its store answer. */
  @GetMapping({"/api/v1/health", "/health"})
  @Operation(summary = "Health check (no key needed): the store, whether it is durable, the queue depth")
  public Health health() {
    long depth;
    try {
      depth = store.queueDepth();
    } catch (RuntimeException e) {
      depth = -1;
    }
    return new Health(depth < 0 ? "degraded" : "ok", store.getClass().getSimpleName(), storeType, durable, depth,
        Instant.now().toString());
  }
}
