package dev.emailtriage.spi.model;

import dev.emailtriage.Action;
import dev.emailtriage.EmailType;
import dev.emailtriage.Tone;
import dev.emailtriage.Urgency;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The decision's JSON schema, the shape every model must answer with: DESIGN.md's wire format of a decision
 * ({@code decision}, {@code confidence}, {@code email_type}, {@code urgency}, {@code reason},
 * {@code suggested_response}). Given as unmodifiable {@code Map}/{@code List} trees of JSON Schema keywords, in
 * property order, so that any SDK or JSON library can take or convert them. Immutable and thread-safe.
 *
 * <p>Two views of one definition: {@link #strictJsonSchema()} follows the rules of OpenAI's strict structured
 * outputs (every property required, {@code suggested_response} nullable, {@code additionalProperties: false});
 * {@link #jsonSchema()} requires only the five always-present fields and leaves {@code suggested_response}
 * optional and nullable (Gemini's response schema, JSON-object fallbacks).
 */
public final class DecisionSchema {

  /** The name of the schema, where an API asks for one ({@code response_format.json_schema.name}). */
  public static final String NAME = "email_triage_decision";
  /** The properties every answer has. */
  public static final List<String> REQUIRED =
      List.of("decision", "confidence", "email_type", "urgency", "reason");
  /** All properties, in the order the model should write them. */
  public static final List<String> PROPERTIES =
      List.of("decision", "confidence", "email_type", "urgency", "reason", "suggested_response");

  private static final Map<String, Object> LOOSE = build(false);
  private static final Map<String, Object> STRICT = build(true);

  private DecisionSchema() {}

  /**
   * The schema with only {@link #REQUIRED} required and {@code suggested_response} optional and nullable.
   *
   * @return an unmodifiable tree
   */
  public static Map<String, Object> jsonSchema() {
    return LOOSE;
  }

  /**
   * The schema for strict structured outputs: every property required, {@code suggested_response} of type
   * {@code ["object", "null"]}, {@code additionalProperties: false} on both objects.
   *
   * @return an unmodifiable tree
   */
  public static Map<String, Object> strictJsonSchema() {
    return STRICT;
  }

  /**
   * The wire names of an enum's constants, e.g. {@code respond, ignore}.
   *
   * @param type the enum
   * @param wireName the constant's wire name
   * @param <E> the enum type
   * @return the names in declaration order
   */
  public static <E extends Enum<E>> List<String> wireNames(Class<E> type, Function<E, String> wireName) {
    return Arrays.stream(type.getEnumConstants()).map(wireName).toList();
  }

  /**
   * {@code schema} as JSON text, e.g. for an API that takes the schema as a string or for a prompt that shows it.
   *
   * @param schema a tree of maps, lists, strings, numbers and booleans, as this class returns
   * @return compact JSON
   */
  public static String toJson(Object schema) {
    StringBuilder b = new StringBuilder();
    write(schema, b);
    return b.toString();
  }

  private static Map<String, Object> build(boolean strict) {
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("subject", described("string", "Assunto da resposta"));
    reply.put("body", described("string", "Corpo da resposta, no idioma e tom pedidos pelo prompt"));
    reply.put("tone", enumOf(wireNames(Tone.class, Tone::wireName)));
    Map<String, Object> suggested = new LinkedHashMap<>();
    suggested.put("type", List.of("object", "null"));
    suggested.put("description", "Somente quando decision = respond; null quando decision = ignore");
    suggested.put("properties", Collections.unmodifiableMap(reply));
    suggested.put("required", List.of("subject", "body", "tone"));
    if (strict) {
      suggested.put("additionalProperties", false);
    }

    Map<String, Object> props = new LinkedHashMap<>();
    props.put("decision", enumOf(wireNames(Action.class, Action::wireName)));
    Map<String, Object> confidence = new LinkedHashMap<>();
    confidence.put("type", "number");
    confidence.put("minimum", 0.0);
    confidence.put("maximum", 1.0);
    props.put("confidence", Collections.unmodifiableMap(confidence));
    props.put("email_type", enumOf(wireNames(EmailType.class, EmailType::wireName)));
    props.put("urgency", enumOf(wireNames(Urgency.class, Urgency::wireName)));
    props.put("reason", described("string", "Explicação clara da decisão"));
    props.put("suggested_response", Collections.unmodifiableMap(suggested));

    Map<String, Object> root = new LinkedHashMap<>();
    root.put("type", "object");
    root.put("properties", Collections.unmodifiableMap(props));
    root.put("required", strict ? PROPERTIES : REQUIRED);
    if (strict) {
      root.put("additionalProperties", false);
    }
    return Collections.unmodifiableMap(root);
  }

  private static Map<String, Object> described(String type, String description) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    m.put("description", description);
    return Collections.unmodifiableMap(m);
  }

  private static Map<String, Object> enumOf(List<String> values) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "string");
    m.put("enum", values);
    return Collections.unmodifiableMap(m);
  }

  private static void write(Object v, StringBuilder b) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof Map<?, ?> map) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        quote(String.valueOf(e.getKey()), b);
        b.append(':');
        write(e.getValue(), b);
      }
      b.append('}');
    } else if (v instanceof List<?> list) {
      b.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        write(list.get(i), b);
      }
      b.append(']');
    } else if (v instanceof Number || v instanceof Boolean) {
      b.append(v);
    } else {
      quote(String.valueOf(v), b);
    }
  }

  private static void quote(String s, StringBuilder b) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
