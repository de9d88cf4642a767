package dev.emailtriage.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The mock's token estimate and the load runner's prices, on hand-computed examples. */
class TokensTest {

  @Test
  void inputCountsInstructionContentsAndSchemaAtFourCharactersPerToken() throws Exception {
    JsonNode request = MockGemini.JSON.readTree("{\"systemInstruction\":{\"parts\":[{\"text\":\"abcdefgh\"}]},"
        + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"ação!\"},{\"text\":\"xy\"}]}],"
        + "\"generationConfig\":{\"temperature\":0,\"responseSchema\":{\"type\":\"OBJECT\"}}}");
    // 8 + 5 + 2 characters of text and 17 of schema JSON ({"type":"OBJECT"}): 32 characters, 8 tokens
    assertThat(MockGemini.Tokens.input(request)).isEqualTo(8);
    assertThat(MockGemini.Tokens.estimate("")).isZero();
    assertThat(MockGemini.Tokens.estimate("a")).isEqualTo(1);
    assertThat(MockGemini.Tokens.estimate("😀😀😀😀😀")).as("code points, not UTF-16 units").isEqualTo(2);
  }

  @Test
  void pricesPerMillionTokens() {
    assertThat(LoadRunner.Price.FLASH.usd(1_000_000, 1_000_000)).isEqualTo(2.80, within());
    assertThat(LoadRunner.Price.FLASH_BATCH.usd(1_000_000, 1_000_000)).isEqualTo(1.40, within());
    assertThat(LoadRunner.Price.FLASH_LITE.usd(2_000_000, 500_000)).isEqualTo(0.40, within());
    assertThat(LoadRunner.Price.FLASH_LITE_BATCH.usd(2_000_000, 500_000)).isEqualTo(0.20, within());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
