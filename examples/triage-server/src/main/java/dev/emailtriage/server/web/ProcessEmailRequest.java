package dev.emailtriage.server.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.emailtriage.Email;
import dev.emailtriage.EmailMetadata;
import dev.emailtriage.Priority;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/emails/process}, validated as the origin plan asks — stricter than the library,
 * which takes real mail as it comes: {@code from} and {@code to} valid addresses, {@code subject} and {@code body}
 * not blank, {@code received_at} an ISO-8601 date-time.
 *
 * @param emailId the caller's unique id of the email
 * @param from the sender's address
 * @param to the recipient's address
 * @param subject the subject
 * @param body the plain-text body
 * @param threadId the conversation, optional
 * @param receivedAt when it was received
 * @param attachments names of the attached files, default none
 * @param metadata priority, labels, custom fields; optional
 * @param headers raw headers by name, each a string or an array of strings (optional; the rules read auto-reply and
 *     bulk headers: {@code "Auto-Submitted": "auto-replied"})
 */
public record ProcessEmailRequest(
    @JsonProperty("email_id") @NotBlank @Size(max = 255) String emailId,
    @JsonProperty("from") @NotBlank @Size(max = 320) @jakarta.validation.constraints.Email(regexp = ADDRESS,
        message = "must be a valid email address") String from,
    @JsonProperty("to") @NotBlank @Size(max = 320) @jakarta.validation.constraints.Email(regexp = ADDRESS,
        message = "must be a valid email address") String to,
    @JsonProperty("subject") @NotBlank @Size(max = 998) String subject,
    @JsonProperty("body") @NotBlank @Size(max = Email.MAX_BODY_CHARS) String body,
    @JsonProperty("thread_id") @Size(max = 255) String threadId,
    @JsonProperty("received_at") @NotNull Instant receivedAt,
    @JsonProperty("attachments") @Size(max = 1000) List<@NotNull @Size(max = 500) String> attachments,
    @JsonProperty("metadata") @Valid Metadata metadata,
    @JsonProperty("headers") @Size(max = 200) Map<String, Object> headers) implements RequestValidator.SelfChecked {

  /** An address with a domain that has a dot, on top of the Jakarta {@code @Email} check. */
  static final String ADDRESS = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";

  /**
   * The {@code metadata} object.
   *
   * @param priority {@code high|medium|low|normal}, default {@code normal}
   * @param labels the mail client's labels
   * @param customFields free fields
   */
  public record Metadata(
      @JsonProperty("priority") Priority priority,
      @JsonProperty("labels") @Size(max = 100) List<@NotNull @Size(max = 200) String> labels,
      @JsonProperty("custom_fields") Map<String, Object> customFields) {}

  /** Each header is a string or an array of strings, none null, at most 100 values. */
  @Override
  public void check(List<Problems.FieldError> errors) {
    if (headers == null) {
      return;
    }
    headers.forEach((name, value) -> {
      String field = "headers[" + Problems.printable(name) + "]";
      if (name.isBlank() || name.length() > 200) {
        errors.add(new Problems.FieldError(field, "must have a name of 1 to 200 characters"));
      }
      if (value instanceof String s) {
        if (s.length() > 10_000) {
          errors.add(new Problems.FieldError(field, "must be at most 10000 characters"));
        }
      } else if (value instanceof List<?> list) {
        if (list.size() > 100) {
          errors.add(new Problems.FieldError(field, "must have at most 100 values"));
        }
        for (int i = 0; i < list.size(); i++) {
          Object v = list.get(i);
          if (!(v instanceof String s)) {
            errors.add(new Problems.FieldError(field + "[" + i + "]", "must be a string"));
          } else if (s.length() > 10_000) {
            errors.add(new Problems.FieldError(field + "[" + i + "]", "must be at most 10000 characters"));
          }
        }
      } else {
        errors.add(new Problems.FieldError(field, "must be a string or an array of strings"));
      }
    });
  }

  /** The headers as the library takes them (each value a list); call after {@link #check}. */
  Map<String, List<String>> headerLists() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (headers != null) {
      headers.forEach((name, value) -> {
        List<String> values = new ArrayList<>();
        if (value instanceof String s) {
          values.add(s);
        } else if (value instanceof List<?> list) {
          list.forEach(v -> values.add((String) v));
        }
        out.put(name, values);
      });
    }
    return out;
  }

  /** The library's email. */
  public Email toEmail() {
    EmailMetadata meta = metadata == null ? EmailMetadata.NONE
        : new EmailMetadata(metadata.priority(), metadata.labels(), metadata.customFields());
    return Email.builder().emailId(emailId.trim()).from(from.trim()).to(to.trim()).subject(subject).body(body)
        .threadId(threadId).receivedAt(receivedAt).attachments(attachments == null ? List.of() : attachments)
        .metadata(meta).headers(headerLists()).build();
  }
}
