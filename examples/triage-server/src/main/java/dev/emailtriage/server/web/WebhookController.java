package dev.emailtriage.server.web;

import dev.emailtriage.server.webhook.WebhookOutbox;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The webhook outbox: each delivery's state, attempts and last error. */
@RestController
@RequestMapping("/api/v1/webhooks")
@Tag(name = "webhooks")
@SecurityRequirement(name = "bearer")
public class WebhookController {

  private final WebhookOutbox outbox;

  /** The controller over this outbox. */
  public WebhookController(WebhookOutbox outbox) {
    this.outbox = outbox;
  }

  /**
   * A page of deliveries.
   *
   * @param items the deliveries
   */
  public record Deliveries(@com.fasterxml.jackson.annotation.JsonProperty("items") List<WebhookOutbox.Delivery> items) {}

  /** The newest deliveries (or those of one email), newest first. */
  @GetMapping("/deliveries")
  @Operation(summary = "Webhook deliveries with their attempts and last error",
      description = "status pending|delivered|failed filters; email_id shows one email's deliveries; limit 1..200.")
  public Deliveries deliveries(@RequestParam(name = "status", required = false) String status,
      @RequestParam(name = "email_id", required = false) String emailId,
      @RequestParam(name = "limit", required = false) String limit) {
    if (status != null && !Set.of("pending", "delivered", "failed").contains(status)) {
      throw InvalidRequestException.of("status", "must be one of [pending, delivered, failed]");
    }
    int n = 50;
    if (limit != null) {
      try {
        n = Integer.parseInt(limit);
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > 200) {
        throw InvalidRequestException.of("limit", "must be a whole number from 1 to 200");
      }
    }
    if (emailId != null) {
      String problem = dev.emailtriage.Email.textProblem(emailId);
      if (problem != null) {
        throw InvalidRequestException.of("email_id", problem);
      }
      return new Deliveries(outbox.forEmail(emailId));
    }
    return new Deliveries(outbox.recent(status, n));
  }
}
