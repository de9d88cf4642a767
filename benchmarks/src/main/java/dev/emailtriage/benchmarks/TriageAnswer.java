package dev.emailtriage.benchmarks;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The decision a baseline client reads from the model's JSON, as a team writing it by hand would declare it. The
 * component names are the JSON names, so LangChain4j and Jackson need no mapping.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record TriageAnswer(String decision, double confidence, String email_type, String urgency, String reason,
    Reply suggested_response) {

  /** A drafted reply. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Reply(String subject, String body, String tone) {}

  /** True when the answer is a complete decision. */
  boolean valid() {
    return ("respond".equals(decision) || "ignore".equals(decision)) && confidence >= 0 && confidence <= 1
        && email_type != null && urgency != null && reason != null && !reason.isBlank();
  }
}
