package dev.emailtriage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the mail client knows about an email besides its content: priority, labels (Gmail's {@code INBOX},
 * {@code CATEGORY_PROMOTIONS}...) and free custom fields. Immutable; {@code null} arguments become the defaults
 * ({@link Priority#NORMAL}, no labels, no custom fields).
 *
 * @param priority the client's priority
 * @param labels the client's labels, in order
 * @param customFields free fields the caller wants kept with the email
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EmailMetadata(
    @JsonProperty("priority") @NotNull Priority priority,
    @JsonProperty("labels") @NotNull @Size(max = 100) List<@NotNull @Size(max = 200) String> labels,
    @JsonProperty("custom_fields") @NotNull Map<String, Object> customFields) {

  /** No priority set, no labels, no custom fields. */
  public static final EmailMetadata NONE = new EmailMetadata(null, null, null);

  /** Applies the defaults and copies the collections. */
  public EmailMetadata {
    priority = priority == null ? Priority.NORMAL : priority;
    labels = labels == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(labels));
    customFields = customFields == null
        ? Map.of()
        : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(customFields));
  }

  /** Metadata with only a priority and labels. */
  public static EmailMetadata of(Priority priority, List<String> labels) {
    return new EmailMetadata(priority, labels, null);
  }
}
