package dev.emailtriage.gemini.internal;

import com.google.genai.types.Schema;
import com.google.genai.types.Type;
import dev.emailtriage.Action;
import dev.emailtriage.EmailType;
import dev.emailtriage.Tone;
import dev.emailtriage.Urgency;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The response schema the model must answer with: DESIGN.md's wire format of a decision. Immutable. Not API.
 */
public final class DecisionSchema {

  /** The schema, built once. */
  public static final Schema SCHEMA = build();

  private DecisionSchema() {}

  /** The wire names of an enum's constants. */
  public static <E extends Enum<E>> List<String> wireNames(Class<E> type, Function<E, String> wireName) {
    return Arrays.stream(type.getEnumConstants()).map(wireName).toList();
  }

  private static Schema build() {
    Map<String, Schema> reply = new LinkedHashMap<>();
    reply.put("subject", Schema.builder().type(Type.Known.STRING).description("Assunto da resposta").build());
    reply.put("body", Schema.builder().type(Type.Known.STRING)
        .description("Corpo da resposta, no idioma e tom pedidos pelo prompt").build());
    reply.put("tone", Schema.builder().type(Type.Known.STRING).enum_(wireNames(Tone.class, Tone::wireName)).build());
    Schema suggested = Schema.builder()
        .type(Type.Known.OBJECT)
        .nullable(true)
        .description("Somente quando decision = respond; omitido quando decision = ignore")
        .properties(reply)
        .propertyOrdering(List.of("subject", "body", "tone"))
        .required(List.of("subject", "body", "tone"))
        .build();

    Map<String, Schema> props = new LinkedHashMap<>();
    props.put("decision", Schema.builder().type(Type.Known.STRING)
        .enum_(wireNames(Action.class, Action::wireName)).build());
    props.put("confidence", Schema.builder().type(Type.Known.NUMBER).minimum(0.0).maximum(1.0).build());
    props.put("email_type", Schema.builder().type(Type.Known.STRING)
        .enum_(wireNames(EmailType.class, EmailType::wireName)).build());
    props.put("urgency", Schema.builder().type(Type.Known.STRING)
        .enum_(wireNames(Urgency.class, Urgency::wireName)).build());
    props.put("reason", Schema.builder().type(Type.Known.STRING).description("Explicação clara da decisão").build());
    props.put("suggested_response", suggested);
    return Schema.builder()
        .type(Type.Known.OBJECT)
        .properties(props)
        .propertyOrdering(List.of("decision", "confidence", "email_type", "urgency", "reason", "suggested_response"))
        .required(List.of("decision", "confidence", "email_type", "urgency", "reason"))
        .build();
  }
}
