package dev.emailtriage;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An incoming email as the triage pipeline sees it. Immutable and thread-safe.
 *
 * <p>The library takes real mail as it comes: the subject and body may be empty and addresses are not checked for
 * syntax (bounces have a null sender, lists write {@code undisclosed-recipients:;}). What is checked, by
 * {@link EmailTriage#process(Email)}, is the annotations below; every violation is reported at once in an
 * {@link InvalidEmailException}. Raw headers are optional; when given, the built-in rules read them (auto-reply,
 * bulk and bounce headers). Header names are case-insensitive.
 *
 * <p>One rule for text holds everywhere (library, store and REST server alike): no text of an email — id, addresses,
 * subject, body, thread id, attachment names, labels, custom fields, header names and values — may contain the NUL
 * character (U+0000) or an unpaired UTF-16 surrogate; such an email is refused with the field named, never stored
 * altered (no silent stripping, so two different ids can never become one). {@code received_at} must lie between
 * the years 1 and 9999 (UTC), which every store can keep.
 *
 * <pre>{@code
 * Email email = Email.builder()
 *     .emailId("msg_12345")
 *     .from("cliente@example.com")
 *     .to("support@biofraga.com")
 *     .subject("Dúvida sobre produto")
 *     .body("Olá, gostaria de saber mais sobre...")
 *     .receivedAt(Instant.parse("2025-01-15T10:30:00Z"))
 *     .build();
 * }</pre>
 *
 * @param emailId the caller's unique id of the email (the Message-ID, a Gmail id...)
 * @param from the sender's address as written in the message
 * @param to the recipient's address (or addresses) as written in the message
 * @param subject the subject, possibly empty
 * @param body the plain-text body, possibly empty
 * @param threadId the conversation this email belongs to, or {@code null} for a new conversation
 * @param receivedAt when the email was received
 * @param attachments the names of the attached files
 * @param metadata priority, labels and custom fields from the mail client
 * @param headers raw headers by lowercase name, each with its values in order; empty when unknown. A null value
 *     is refused ({@code headers[x-foo][0]: must not be null}) by the same pass that applies the text rule to every
 *     header, not by a type-argument annotation: an email carries dozens of headers, and Hibernate Validator's
 *     container-element walk over them cost more than all the other checks of the email together.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Email(
    @JsonProperty("email_id") @NotBlank @Size(max = 255) String emailId,
    @JsonProperty("from") @NotNull @Size(max = 998) String from,
    @JsonProperty("to") @NotNull @Size(max = 10_000) String to,
    @JsonProperty("subject") @NotNull @Size(max = 998) String subject,
    @JsonProperty("body") @NotNull @Size(max = MAX_BODY_CHARS) String body,
    @JsonProperty("thread_id") @Size(max = 255) String threadId,
    @JsonProperty("received_at") @JsonFormat(shape = JsonFormat.Shape.STRING) @NotNull Instant receivedAt,
    @JsonProperty("attachments") @NotNull @Size(max = 1000) List<@NotNull @Size(max = 500) String> attachments,
    @JsonProperty("metadata") @NotNull @Valid EmailMetadata metadata,
    @JsonProperty("headers") @NotNull Map<String, List<String>> headers) {

  /** The longest body accepted, in characters (about 2 MB of text). */
  public static final int MAX_BODY_CHARS = 2_000_000;

  /** Copies the collections, lowercases header names and applies the defaults for absent metadata. */
  public Email {
    // Null elements are kept so that validation can name them (attachments[1]) instead of failing here.
    attachments = attachments == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(attachments));
    metadata = metadata == null ? EmailMetadata.NONE : metadata;
    if (headers == null || headers.isEmpty()) {
      headers = Map.of();
    } else {
      Map<String, List<String>> copy = new TreeMap<>();
      // Null values are kept so that validation can name them (headers[x-foo][0]) instead of failing here.
      headers.forEach((name, values) -> copy
          .computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .addAll(values == null ? List.of() : values));
      copy.replaceAll((name, values) -> Collections.unmodifiableList(values));
      headers = Collections.unmodifiableMap(copy);
    }
  }

  /** The earliest {@code received_at} accepted, as text. */
  public static final String MIN_RECEIVED_AT = "0001-01-01T00:00:00Z";

  /** The latest {@code received_at} accepted, as text (PostgreSQL keeps microseconds). */
  public static final String MAX_RECEIVED_AT = "9999-12-31T23:59:59.999999Z";

  private static final Instant MIN_INSTANT = Instant.parse(MIN_RECEIVED_AT);
  private static final Instant MAX_INSTANT = Instant.parse(MAX_RECEIVED_AT);

  /**
   * What the text rule says of {@code text}: {@code null} when it may be part of an email (or is null), else why not
   * ({@code "must not contain the NUL character (U+0000)"} or {@code "must not contain an unpaired UTF-16 surrogate
   * (invalid Unicode)"}). For applications that check their own input the same way, as the REST server does.
   */
  public static String textProblem(String text) {
    if (text == null) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return "must not contain the NUL character (U+0000)";
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "must not contain an unpaired UTF-16 surrogate (invalid Unicode)";
      }
    }
    return null;
  }

  /**
   * What the date rule says of {@code at}: {@code null} when a store can keep it (or it is null), else why not (it
   * lies outside {@value #MIN_RECEIVED_AT} to {@value #MAX_RECEIVED_AT}).
   */
  public static String instantProblem(Instant at) {
    if (at != null && (at.isBefore(MIN_INSTANT) || at.isAfter(MAX_INSTANT))) {
      return "must be between " + MIN_RECEIVED_AT + " and " + MAX_RECEIVED_AT;
    }
    return null;
  }

  /** The first value of header {@code name} (any case), if the email has it. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
  }

  /** Every value of header {@code name} (any case), in order; empty when the email has none. */
  public List<String> headerValues(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /** True when raw headers were given. */
  @JsonIgnore
  public boolean hasHeaders() {
    return !headers.isEmpty();
  }

  /** A builder for an email; only {@code emailId} and {@code receivedAt} have no default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder seeded with this email's values. */
  public Builder toBuilder() {
    return new Builder().emailId(emailId).from(from).to(to).subject(subject).body(body).threadId(threadId)
        .receivedAt(receivedAt).attachments(attachments).metadata(metadata).headers(headers);
  }

  /** Builds an {@link Email}; not thread-safe. Strings default to empty, collections to empty. */
  public static final class Builder {
    private String emailId;
    private String from = "";
    private String to = "";
    private String subject = "";
    private String body = "";
    private String threadId;
    private Instant receivedAt;
    private List<String> attachments = List.of();
    private EmailMetadata metadata = EmailMetadata.NONE;
    private Map<String, List<String>> headers = Map.of();

    private Builder() {}

    /** The caller's unique id of the email. */
    public Builder emailId(String emailId) {
      this.emailId = emailId;
      return this;
    }

    /** The sender's address. */
    public Builder from(String from) {
      this.from = from;
      return this;
    }

    /** The recipient's address. */
    public Builder to(String to) {
      this.to = to;
      return this;
    }

    /** The subject. */
    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    /** The plain-text body. */
    public Builder body(String body) {
      this.body = body;
      return this;
    }

    /** The conversation id, or {@code null} for a new conversation. */
    public Builder threadId(String threadId) {
      this.threadId = threadId;
      return this;
    }

    /** When the email was received. */
    public Builder receivedAt(Instant receivedAt) {
      this.receivedAt = receivedAt;
      return this;
    }

    /** The names of the attached files. */
    public Builder attachments(List<String> attachments) {
      this.attachments = attachments;
      return this;
    }

    /** Priority, labels and custom fields. */
    public Builder metadata(EmailMetadata metadata) {
      this.metadata = metadata;
      return this;
    }

    /** Raw headers by name (any case), each with its values in order. */
    public Builder headers(Map<String, List<String>> headers) {
      this.headers = headers;
      return this;
    }

    /** Adds one value of a raw header. */
    public Builder header(String name, String value) {
      Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      copy.putAll(headers);
      copy.computeIfAbsent(name, k -> new ArrayList<>());
      List<String> values = new ArrayList<>(copy.get(name));
      values.add(value);
      copy.put(name, values);
      this.headers = copy;
      return this;
    }

    /** The email; not validated here (the pipeline validates and reports every violation). */
    public Email build() {
      return new Email(emailId, from, to, subject, body, threadId, receivedAt, attachments, metadata, headers);
    }
  }
}
