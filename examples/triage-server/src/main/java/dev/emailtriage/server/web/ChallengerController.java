package dev.emailtriage.server.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.emailtriage.Prompt;
import dev.emailtriage.spi.PromptRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.NoSuchElementException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A/B tests of prompts over REST (admin key, checked by the API key filter for every prompt change): a challenger
 * takes a share of traffic, split by a stable hash of {@code email_id}; {@code GET /analytics/quality} compares it
 * with the active prompt.
 */
@RestController
@RequestMapping("/api/v1/prompts")
@Tag(name = "prompts")
@SecurityRequirement(name = "bearer")
public class ChallengerController {

  private final PromptRepository prompts;

  /** The controller over this repository. */
  public ChallengerController(PromptRepository prompts) {
    this.prompts = prompts;
  }

  /**
   * The body of a challenger request.
   *
   * @param share the challenger's share of traffic, in (0, 1)
   */
  public record ChallengerRequest(@JsonProperty("share") Double share) {}

  /**
   * A running A/B test.
   *
   * @param activePromptId the active prompt
   * @param activeVersion its latest version
   * @param challengerPromptId the challenger
   * @param challengerVersion its latest version
   * @param share the challenger's share of traffic
   */
  public record AbTestView(
      @JsonProperty("active_prompt_id") String activePromptId,
      @JsonProperty("active_version") int activeVersion,
      @JsonProperty("challenger_prompt_id") String challengerPromptId,
      @JsonProperty("challenger_version") int challengerVersion,
      @JsonProperty("share") double share) {}

  /** Starts (or changes) an A/B test of this prompt against the active one. Admin key. */
  @PutMapping("/{prompt_id}/challenger")
  @Operation(summary = "Start an A/B test: this prompt takes a share of traffic (admin key), {\"share\": 0.2}")
  public AbTestView start(@PathVariable("prompt_id") String idOrName,
      @RequestBody(required = false) ChallengerRequest body) {
    if (body == null || body.share() == null) {
      throw InvalidRequestException.of("share", "is required, a number between 0 and 1 (exclusive)");
    }
    double share = body.share();
    if (!(share > 0 && share < 1)) {
      throw InvalidRequestException.of("share", "must be between 0 and 1 (exclusive)");
    }
    Prompt challenger = prompts.find(idOrName).orElseThrow(() -> new NotFoundException(
        "No prompt with id or name '" + (idOrName.length() > 80 ? idOrName.substring(0, 80) : idOrName) + "'."));
    Prompt active = prompts.active();
    if (challenger.id().equals(active.id())) {
      throw InvalidRequestException.of("prompt_id", "is the active prompt; a challenger must be another prompt");
    }
    try {
      prompts.setChallenger(challenger.id(), share);
    } catch (NoSuchElementException e) {
      throw new NotFoundException("No prompt with id '" + challenger.id() + "'.");
    }
    return new AbTestView(active.id(), active.version(), challenger.id(), challenger.version(), share);
  }

  /** Ends the A/B test, if one runs: 204. Admin key. */
  @DeleteMapping("/challenger")
  @Operation(summary = "End the A/B test (admin key)")
  public ResponseEntity<Void> stop() {
    prompts.setChallenger(null, 0);
    return ResponseEntity.noContent().build();
  }
}
