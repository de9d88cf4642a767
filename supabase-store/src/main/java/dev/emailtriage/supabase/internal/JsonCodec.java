package dev.emailtriage.supabase.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Values to and from the JSON text of the store's {@code jsonb} columns, with one shared mapper. Not API. */
public final class JsonCodec {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private JsonCodec() {}

  /** {@code value} as JSON text; an {@link IllegalArgumentException} when it cannot be written. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** {@code json} read as {@code type}; an {@link IllegalStateException} naming {@code column} when unreadable. */
  public static <T> T read(String json, TypeReference<T> type, String column) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable JSON in the database column " + column + ": "
          + e.getOriginalMessage(), e);
    }
  }
}
