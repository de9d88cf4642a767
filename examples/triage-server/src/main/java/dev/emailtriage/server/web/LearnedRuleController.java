package dev.emailtriage.server.web;

import dev.emailtriage.EmailTriage;
import dev.emailtriage.LearnedRule;
import dev.emailtriage.server.security.ApiKeyFilter;
import dev.emailtriage.server.security.ApiKeys;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sender memory's learned rules: listed with any key, revoked with the admin key. A revoked rule's sender is
 * never learned again.
 */
@RestController
@RequestMapping("/api/v1/learned-rules")
@Tag(name = "learned-rules")
@SecurityRequirement(name = "bearer")
public class LearnedRuleController {

  private final EmailTriage triage;

  /** The controller over this pipeline's sender memory. */
  public LearnedRuleController(EmailTriage triage) {
    this.triage = triage;
  }

  /** The learned rules active now. */
  public record RuleList(List<LearnedRule> rules) {}

  /** The active learned rules, newest first. */
  @GetMapping
  @Operation(summary = "Learned sender rules active now, newest first")
  public RuleList list() {
    return new RuleList(triage.learnedRules());
  }

  /** Revokes one rule (admin key): 204, or 404 when there is no such active rule. */
  @DeleteMapping("/{id}")
  @Operation(summary = "Revoke a learned sender rule (admin key); its sender is not learned again")
  public ResponseEntity<?> revoke(@PathVariable("id") String id, HttpServletRequest http) {
    if (http.getAttribute(ApiKeyFilter.ROLE_ATTRIBUTE) != ApiKeys.Role.ADMIN) {
      ProblemDetail p = Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Admin key required",
          "Revoking learned rules needs the admin key (EMAILTRIAGE_ADMIN_KEY).");
      return ResponseEntity.status(HttpStatus.FORBIDDEN).body(p);
    }
    if (!triage.revokeLearnedRule(id)) {
      throw new NotFoundException("No learned rule with id '" + (id.length() > 80 ? id.substring(0, 80) : id)
          + "'.");
    }
    return ResponseEntity.noContent().build();
  }
}
