package dev.emailtriage;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
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
 * @param examples corrected earlier emails sent with this prompt for one email (empty for a stored prompt; the
 *     pipeline adds them just before a model call when {@link EmailTriage.Builder#correctionExamples(int)} is on);
 *     never part of the JSON
 */
public record Prompt(
    @JsonProperty("id") @NotBlank @Size(max = 100) String id,
    @JsonProperty("name") @NotBlank @Size(max = 100) String name,
    @JsonProperty("version") @Positive int version,
    @JsonProperty("system_prompt") @NotBlank @Size(max = 100_000) String systemPrompt,
    @JsonProperty("decision_criteria") @NotNull @Valid DecisionCriteria decisionCriteria,
    @JsonProperty("active") boolean active,
    @JsonProperty("created_at") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant createdAt,
    @JsonIgnore List<CorrectionExample> examples) {

  /** Checks the required parts and copies the examples. */
  public Prompt {
    examples = examples == null ? List.of() : List.copyOf(examples);
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(systemPrompt, "systemPrompt");
    decisionCriteria = decisionCriteria == null ? DecisionCriteria.DEFAULT : decisionCriteria;
    if (version < 1) {
      throw new IllegalArgumentException("prompt version must be 1 or more, was " + version);
    }
  }

  /** A stored prompt version, without examples. */
  public Prompt(String id, String name, int version, String systemPrompt, DecisionCriteria decisionCriteria,
      boolean active, Instant createdAt) {
    this(id, name, version, systemPrompt, decisionCriteria, active, createdAt, List.of());
  }

  /** This prompt version with {@code examples} (replacing any it had) for one model call. */
  public Prompt withExamples(List<CorrectionExample> examples) {
    return new Prompt(id, name, version, systemPrompt, decisionCriteria, active, createdAt, examples);
  }

  /** {@code id@version}, the key the cache and the decisions use. */
  public String versionKey() {
    return id + "@" + version;
  }
}
