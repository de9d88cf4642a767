package dev.emailtriage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A drafted reply: never sent by the library, always a draft for a person or the caller to send. Immutable.
 *
 * @param subject the reply's subject
 * @param body the reply's text
 * @param tone the reply's tone
 */
@JsonIgnoreProperties(value = "draft", allowGetters = true)
public record SuggestedResponse(
    @JsonProperty("subject") @NotNull @Size(max = 998) String subject,
    @JsonProperty("body") @NotBlank @Size(max = 100_000) String body,
    @JsonProperty("tone") @NotNull Tone tone) {

  /** Always true: the wire format marks every suggestion as a draft. */
  @JsonProperty("draft")
  public boolean draft() {
    return true;
  }
}
