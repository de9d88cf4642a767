package dev.emailtriage.gemini.internal;

import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.Part;
import com.google.genai.types.Schema;
import com.google.genai.types.ThinkingConfig;
import com.google.genai.types.Type;
import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import dev.emailtriage.spi.model.DecisionSchema;
import dev.emailtriage.spi.model.ModelRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds what one triage request sends, the same for a single call ({@link GeminiEngine}) and for each inlined
 * request of a batch ({@link BatchEngine}): core's {@link ModelRequest} (system instruction with the injection guard,
 * the email between random-token markers with its body cleaned and capped) as SDK contents, and the generation
 * config with core's {@link DecisionSchema} as the SDK's response schema. Thread-safe. Not API.
 */
public final class GeminiRequests {

  /** Core's decision schema as the SDK's {@link Schema}, converted once. */
  public static final Schema SCHEMA = toSchema(DecisionSchema.jsonSchema());

  private GeminiRequests() {}

  /**
   * The rendered parts of one email's request.
   *
   * @param user the user message (role {@code user}) with the email between its markers
   * @param system the system instruction
   * @param bodyTruncated whether the body was cut at the cap
   */
  public record Prepared(Content user, Content system, boolean bodyTruncated) {}

  /**
   * The generation settings shared by every request.
   *
   * @param temperature sampling temperature
   * @param topP nucleus sampling
   * @param maxOutputTokens output token limit
   * @param thinkingBudget thinking token budget, or {@code null} for the model's default
   */
  public record Generation(float temperature, float topP, int maxOutputTokens, Integer thinkingBudget) {}

  /** Cleans and caps {@code email}'s body and renders the user message and system instruction. */
  public static Prepared prepare(Email email, Prompt prompt, int maxBodyChars) {
    ModelRequest request = ModelRequest.of(email, prompt, maxBodyChars);
    return new Prepared(text("user", request.userMessage()), text("user", request.systemInstruction()),
        request.bodyTruncated());
  }

  /** A content of one text part. */
  public static Content text(String role, String text) {
    return Content.builder().role(role).parts(List.of(Part.fromText(text))).build();
  }

  /**
   * The config of a request: the system instruction, sampling, {@code maxOutputTokens} (which may differ from
   * {@code generation}'s on a repair), one candidate, JSON with {@link #SCHEMA}.
   */
  public static GenerateContentConfig config(Content system, Generation generation, int maxOutputTokens) {
    GenerateContentConfig.Builder b = GenerateContentConfig.builder()
        .systemInstruction(system)
        .temperature(generation.temperature())
        .topP(generation.topP())
        .maxOutputTokens(maxOutputTokens)
        .candidateCount(1)
        .responseMimeType("application/json")
        .responseSchema(SCHEMA);
    if (generation.thinkingBudget() != null) {
      b.thinkingConfig(ThinkingConfig.builder().thinkingBudget(generation.thinkingBudget()).build());
    }
    return b.build();
  }

  /**
   * Converts a JSON Schema tree of the keywords core's schema uses ({@code type} as a name or a list with
   * {@code "null"}, {@code properties} in order, {@code required}, {@code enum}, {@code minimum},
   * {@code maximum}, {@code description}) into the SDK's OpenAPI-style schema; property order becomes
   * {@code propertyOrdering}, a {@code "null"} type {@code nullable}.
   */
  @SuppressWarnings("unchecked")
  static Schema toSchema(Map<String, Object> json) {
    Schema.Builder b = Schema.builder();
    Object type = json.get("type");
    String name = type instanceof List<?> list
        ? (String) list.stream().filter(t -> !"null".equals(t)).findFirst().orElseThrow() : (String) type;
    b.type(switch (name) {
      case "object" -> Type.Known.OBJECT;
      case "string" -> Type.Known.STRING;
      case "number" -> Type.Known.NUMBER;
      case "integer" -> Type.Known.INTEGER;
      case "boolean" -> Type.Known.BOOLEAN;
      default -> throw new IllegalArgumentException("unsupported schema type " + name);
    });
    if (type instanceof List<?> list && list.contains("null")) {
      b.nullable(true);
    }
    if (json.get("description") instanceof String d) {
      b.description(d);
    }
    if (json.get("enum") instanceof List<?> values) {
      b.enum_((List<String>) values);
    }
    if (json.get("minimum") instanceof Number min) {
      b.minimum(min.doubleValue());
    }
    if (json.get("maximum") instanceof Number max) {
      b.maximum(max.doubleValue());
    }
    if (json.get("properties") instanceof Map<?, ?> props) {
      Map<String, Schema> converted = new LinkedHashMap<>();
      props.forEach((k, v) -> converted.put((String) k, toSchema((Map<String, Object>) v)));
      b.properties(converted).propertyOrdering(List.copyOf(converted.keySet()));
    }
    if (json.get("required") instanceof List<?> required) {
      b.required((List<String>) required);
    }
    return b.build();
  }
}
