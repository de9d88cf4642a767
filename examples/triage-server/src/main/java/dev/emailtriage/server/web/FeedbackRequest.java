package dev.emailtriage.server.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.emailtriage.Action;
import dev.emailtriage.EmailType;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/v1/emails/{email_id}/feedback}.
 *
 * @param correctDecision what should have been decided ({@code respond|ignore}), or null if it was right
 * @param correctType the right email type, or null
 * @param comment free text, or null
 */
public record FeedbackRequest(
    @JsonProperty("correct_decision") Action correctDecision,
    @JsonProperty("correct_type") EmailType correctType,
    @JsonProperty("comment") @Size(max = 2000) String comment) {}
