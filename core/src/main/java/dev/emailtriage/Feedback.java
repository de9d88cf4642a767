package dev.emailtriage;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * A person's correction of a decision, kept next to it for evaluation and prompt tuning. Immutable.
 *
 * @param correctDecision what should have been decided, or {@code null} if the decision was right
 * @param correctType the right email type, or {@code null}
 * @param comment free text, or {@code null}
 * @param createdAt when the feedback was given
 */
public record Feedback(
    @JsonProperty("correct_decision") Action correctDecision,
    @JsonProperty("correct_type") EmailType correctType,
    @JsonProperty("comment") @Size(max = 2000) String comment,
    @JsonProperty("created_at") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant createdAt) {}
