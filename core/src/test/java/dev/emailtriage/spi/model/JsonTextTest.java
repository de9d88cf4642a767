package dev.emailtriage.spi.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Test
  void readsEveryKindOfValue() {
    Object v = JsonText.parse(" {\"s\":\"a\\u00e9\\n\\\"\",\"n\":-1.5e2,\"t\":true,\"f\":false,\"z\":null,"
        + "\"l\":[1,{}],\"o\":{\"k\":[]}} ");
    assertThat(v).isInstanceOf(Map.class);
    Map<?, ?> m = (Map<?, ?>) v;
    assertThat(m.get("s")).isEqualTo("aé\n\"");
    assertThat(((BigDecimal) m.get("n")).doubleValue()).isEqualTo(-150.0);
    assertThat(m.get("t")).isEqualTo(true);
    assertThat(m.get("f")).isEqualTo(false);
    assertThat(m.containsKey("z")).isTrue();
    assertThat(m.get("z")).isNull();
    assertThat(m.get("l")).isEqualTo(List.of(new BigDecimal("1"), Map.of()));
    assertThat(m.keySet().stream().map(String::valueOf).toList()).containsExactly("s", "n", "t", "f", "z", "l", "o");
  }

  @Test
  void refusesBrokenInputNamingThePosition() {
    for (String bad : new String[] {"{", "{\"a\" 1}", "[1,]", "tru", "{\"a\":1} x", "\"\\x\"", "[".repeat(100),
        "{\"a\":1,\"a\":2}"}) {
      assertThatThrownBy(() -> JsonText.parse(bad)).as(bad).isInstanceOf(JsonText.SyntaxException.class)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at character");
    }
  }
}
