package dev.emailtriage;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The short lists of what a prompt answers and what it ignores, as the origin's API shows them next to the prompt
 * ({@code {"respond_to": ["questions", ...], "ignore": ["spam", ...]}}). Immutable.
 *
 * @param respondTo kinds of mail to answer
 * @param ignore kinds of mail to leave alone
 */
public record DecisionCriteria(
    @JsonProperty("respond_to") @NotNull @Size(max = 50) List<@NotNull @Size(max = 200) String> respondTo,
    @JsonProperty("ignore") @NotNull @Size(max = 50) List<@NotNull @Size(max = 200) String> ignore) {

  /** The origin's default criteria. */
  public static final DecisionCriteria DEFAULT = new DecisionCriteria(
      List.of("questions", "support_requests", "complaints", "urgent", "quotes", "confirmations"),
      List.of("spam", "newsletters", "auto-replies", "already_answered", "system_notifications", "no_content"));

  /** Copies the lists; {@code null} becomes empty. */
  public DecisionCriteria {
    respondTo = respondTo == null ? List.of() : List.copyOf(respondTo);
    ignore = ignore == null ? List.of() : List.copyOf(ignore);
  }
}
