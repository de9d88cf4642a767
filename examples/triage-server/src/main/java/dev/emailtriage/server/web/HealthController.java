package dev.emailtriage.server.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.emailtriage.spi.DecisionStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/health} (also {@code /health}): no key needed. */
@RestController
@Tag(name = "health")
public class HealthController {

  private final DecisionStore store;

  /** The controller over this store. */
  public HealthController(DecisionStore store) {
    this.store = store;
  }

  /**
   * The health answer.
   *
   * @param status {@code ok} or {@code degraded} (the store did not answer)
   * @param store the store in use
   * @param queueDepth emails waiting in the queue, or -1 when the store did not answer
   * @param time the server's time
   */
  public record Health(
      @JsonProperty("status") String status,
      @JsonProperty("store") String store,
      @JsonProperty("queue_depth") long queueDepth,
      @JsonProperty("time") String time) {}

  /** Whether the server and its store answer. */
  @GetMapping({"/api/v1/health", "/health"})
  @Operation(summary = "Health check (no key needed)")
  public Health health() {
    long depth;
    try {
      depth = store.queueDepth();
    } catch (RuntimeException e) {
      depth = -1;
    }
    return new Health(depth < 0 ? "degraded" : "ok", store.getClass().getSimpleName(), depth,
        Instant.now().toString());
  }
}
