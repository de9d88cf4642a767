package dev.emailtriage;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Objects;

/**
 * One version of a system prompt: the instruction the model gets before each email. Immutable.
 *
 * <p>A prompt has a stable {@link #id() id} and a unique {@link #name() name}; each update records a new
 * {@link #version() version} under the same id. Each decision records the id and version that made it, and the
 * similar-email cache never reuses a decision across versions.
 *
 * @param id the stable id
 * @param name the unique name ({@code default}...)
 * @param version the version, from 1
 * @param systemPrompt the instruction text
 * @param decisionCriteria the short lists shown next to it
 * @param active whether it is the active prompt
 * @param createdAt when this version was recorded
 */
public record Prompt(
    @JsonProperty("id") @NotBlank @Size(max = 100) String id,
    @JsonProperty("name") @NotBlank @Size(max = 100) String name,
    @JsonProperty("version") @Positive int version,
    @JsonProperty("system_prompt") @NotBlank @Size(max = 100_000) String systemPrompt,
    @JsonProperty("decision_criteria") @NotNull @Valid DecisionCriteria decisionCriteria,
    @JsonProperty("active") boolean active,
    @JsonProperty("created_at") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant createdAt) {

  /** Checks the required parts. */
  public Prompt {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(systemPrompt, "systemPrompt");
    decisionCriteria = decisionCriteria == null ? DecisionCriteria.DEFAULT : decisionCriteria;
    if (version < 1) {
      throw new IllegalArgumentException("prompt version must be 1 or more, was " + version);
    }
  }

  /** {@code id@version}, the key the cache and the decisions use. */
  public String versionKey() {
    return id + "@" + version;
  }
}
