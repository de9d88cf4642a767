package dev.emailtriage.spi.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionSchemaTest {

  @Test
  void strictSchemaRequiresEveryPropertyAndForbidsOthers() {
    Map<String, Object> s = DecisionSchema.strictJsonSchema();

    assertThat(s.get("required")).isEqualTo(DecisionSchema.PROPERTIES);
    assertThat(s.get("additionalProperties")).isEqualTo(false);
    Map<?, ?> suggested = (Map<?, ?>) ((Map<?, ?>) s.get("properties")).get("suggested_response");
    assertThat(suggested.get("type")).isEqualTo(List.of("object", "null"));
    assertThat(suggested.get("additionalProperties")).isEqualTo(false);
  }

  @Test
  void looseSchemaRequiresTheFiveAlwaysPresentFields() {
    Map<String, Object> s = DecisionSchema.jsonSchema();

    assertThat(s.get("required")).isEqualTo(DecisionSchema.REQUIRED);
    assertThat(s).doesNotContainKey("additionalProperties");
    assertThat(List.copyOf(((Map<?, ?>) s.get("properties")).keySet())).isEqualTo(DecisionSchema.PROPERTIES);
  }

  @Test
  void enumsCarryTheWireNamesIncludingNotification() {
    Map<?, ?> props = (Map<?, ?>) DecisionSchema.strictJsonSchema().get("properties");

    assertThat(((Map<?, ?>) props.get("email_type")).get("enum").toString()).contains("notification", "auto_reply");
    assertThat(((Map<?, ?>) props.get("decision")).get("enum")).isEqualTo(List.of("respond", "ignore"));
  }

  @Test
  void schemaAsJsonIsParsedBackToTheSameTree() throws Exception {
    String json = DecisionSchema.toJson(DecisionSchema.strictJsonSchema());

    Object back = JsonText.parse(json);

    assertThat(DecisionSchema.toJson(back)).isEqualTo(json);
    assertThat(json).startsWith("{\"type\":\"object\",\"properties\":{\"decision\":");
  }
}
