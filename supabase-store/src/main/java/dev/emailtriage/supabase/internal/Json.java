package dev.emailtriage.supabase.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.emailtriage.DecisionCriteria;
import dev.emailtriage.EmailMetadata;
import java.util.List;
import java.util.Map;

/** The JSON of the jsonb columns (headers, metadata, attachments, decision criteria). Not API. */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final TypeReference<Map<String, List<String>>> HEADERS = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private Json() {}

  /** {@code value} as JSON text. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Headers from JSON. */
  public static Map<String, List<String>> headers(String json) {
    return read(json, HEADERS);
  }

  /** A list of strings from JSON. */
  public static List<String> strings(String json) {
    return read(json, STRINGS);
  }

  /** Metadata from JSON. */
  public static EmailMetadata metadata(String json) {
    return read(json, new TypeReference<EmailMetadata>() {});
  }

  /** Decision criteria from JSON. */
  public static DecisionCriteria criteria(String json) {
    return read(json, new TypeReference<DecisionCriteria>() {});
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable JSON in the database: " + e.getOriginalMessage(), e);
    }
  }
}
