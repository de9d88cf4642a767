package dev.emailtriage.server.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.emailtriage.DecisionCriteria;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Bodies of the prompt endpoints. */
public final class PromptRequests {

  private PromptRequests() {}

  /**
   * The {@code decision_criteria} object.
   *
   * @param respondTo kinds of mail to answer
   * @param ignore kinds of mail to leave alone
   */
  public record Criteria(
      @JsonProperty("respond_to") @Size(max = 50) List<@NotNull @Size(max = 200) String> respondTo,
      @JsonProperty("ignore") @Size(max = 50) List<@NotNull @Size(max = 200) String> ignore) {

    /** The library's criteria. */
    public DecisionCriteria toCriteria() {
      return new DecisionCriteria(respondTo, ignore);
    }
  }

  /**
   * {@code POST /api/v1/prompts}.
   *
   * @param name the unique name (letters, digits, {@code _ . -})
   * @param systemPrompt the instruction text
   * @param decisionCriteria {@code respond_to} and {@code ignore} lists; default the origin's
   */
  public record Create(
      @JsonProperty("name") @NotBlank @Size(max = 100)
          @Pattern(regexp = "^[A-Za-z0-9_.-]*$", message = "may hold only letters, digits, '_', '.' and '-'")
          String name,
      @JsonProperty("system_prompt") @NotBlank @Size(max = 100_000) String systemPrompt,
      @JsonProperty("decision_criteria") @Valid Criteria decisionCriteria) {}

  /**
   * {@code PUT /api/v1/prompts/{prompt_id}}: a new version of the prompt.
   *
   * @param systemPrompt the instruction text
   * @param decisionCriteria the criteria; default the previous version's
   */
  public record Update(
      @JsonProperty("system_prompt") @NotBlank @Size(max = 100_000) String systemPrompt,
      @JsonProperty("decision_criteria") @Valid Criteria decisionCriteria) {}
}
