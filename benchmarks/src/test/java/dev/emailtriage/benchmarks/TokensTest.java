package dev.emailtriage.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.emailtriage.DefaultPrompt;
import dev.emailtriage.Email;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The mock's token estimate and the load runner's prices, on hand-computed examples. */
class TokensTest {

  @Test
  void inputCountsInstructionContentsAndSchemaAtFourCharactersPerToken() throws Exception {
    JsonNode request = MockAnswers.JSON.readTree("{\"systemInstruction\":{\"parts\":[{\"text\":\"abcdefgh\"}]},"
        + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"ação!\"},{\"text\":\"xy\"}]}],"
        + "\"generationConfig\":{\"temperature\":0,\"responseSchema\":{\"type\":\"OBJECT\"}}}");
    // 8 + 5 + 2 characters of text and 17 of schema JSON ({"type":"OBJECT"}): 32 characters, 8 tokens
    assertThat(MockGemini.Tokens.input(request)).isEqualTo(8);
    assertThat(MockAnswers.estimateTokens("")).isZero();
    assertThat(MockAnswers.estimateTokens("a")).isEqualTo(1);
    assertThat(MockAnswers.estimateTokens("😀😀😀😀😀")).as("code points, not UTF-16 units").isEqualTo(2);
  }

  @Test
  void everyClientsRequestIsBilledWithItsSchema() throws Exception {
    MockGemini.Faults faults = new MockGemini.Faults(0, 0, new MockAnswers(0, java.util.Set.of()));
    WireMockServer server = MockGemini.server(0, faults, new AtomicLong());
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.port();
      String prompt = DefaultPrompt.create().systemPrompt();
      Email email = Email.builder().emailId("t-1").from("ana@example.net").to("support@example.com")
          .subject("Order").body("Where is my order? It was due on Monday.").receivedAt(Instant.EPOCH).build();
      int text = MockAnswers.estimateTokens(prompt + Baselines.userText(email));
      for (Baselines.Caller caller : new Baselines.Caller[] {Baselines.genai(base, prompt),
          Baselines.langchain4j(base, prompt)}) {
        caller.decide(email);
        JsonNode request = MockAnswers.JSON.readTree(faults.lastRequest);
        assertThat(MockGemini.Tokens.input(request)).as("instruction, email and schema").isGreaterThan(text + 50);
      }
      assertThat(faults.tokens()).as("input output billed").endsWith(" 2");
    } finally {
      server.stop();
    }
  }

  @Test
  void openAiInputCountsMessagesRolesAndSchemaWithTheO200kTokenizer() throws Exception {
    JsonNode request = MockAnswers.JSON.readTree("{\"model\":\"gpt-4.1-mini\",\"messages\":["
        + "{\"role\":\"system\",\"content\":\"You sort mail.\"},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello world\"}]}],"
        + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"d\"}}}");
    // o200k_base: "system" 1, "You sort mail." 4 (You, sort, mail, .), "user" 1, "hello world" 2; {"name":"d"} 5
    // 3 (reply) + (3 + 1 + 4) + (3 + 1 + 2) + 5 = 22
    assertThat(MockOpenAi.Tokens.count("You sort mail.")).isEqualTo(4);
    assertThat(MockOpenAi.Tokens.count("{\"name\":\"d\"}")).isEqualTo(5);
    assertThat(MockOpenAi.Tokens.input(request)).isEqualTo(22);
    // 14 + 11 + 12 characters: ceil(37 / 4) = 10
    assertThat(MockOpenAi.Tokens.estimate(request)).isEqualTo(10);
  }

  @Test
  void pricesPerMillionTokens() {
    assertThat(LoadRunner.Price.FLASH.usd(1_000_000, 1_000_000)).isEqualTo(2.80, within());
    assertThat(LoadRunner.Price.FLASH_BATCH.usd(1_000_000, 1_000_000)).isEqualTo(1.40, within());
    assertThat(LoadRunner.Price.FLASH_LITE.usd(2_000_000, 500_000)).isEqualTo(0.40, within());
    assertThat(LoadRunner.Price.FLASH_LITE_BATCH.usd(2_000_000, 500_000)).isEqualTo(0.20, within());
    assertThat(LoadRunner.Price.GPT_4_1.usd(1_000_000, 1_000_000)).isEqualTo(10.00, within());
    assertThat(LoadRunner.Price.GPT_4_1_MINI.usd(1_000_000, 1_000_000)).isEqualTo(2.00, within());
    assertThat(LoadRunner.Price.GPT_4O_MINI.usd(1_000_000, 1_000_000)).isEqualTo(0.75, within());
  }

  @Test
  void aCascadeIsPricedPerModelAsRun() {
    // 100 cheap calls of 1,000 input and 100 output tokens, 20 strong calls of the same
    java.util.Map<String, long[]> usage = java.util.Map.of("gpt-4.1-mini", new long[] {100, 100_000, 10_000, 0, 0},
        "gpt-4.1", new long[] {20, 20_000, 2_000, 0, 0});
    // mini: 0.1 M x 0.40 + 0.01 M x 1.60 = 0.056; 4.1: 0.02 M x 2.00 + 0.002 M x 8.00 = 0.056
    assertThat(LoadRunner.Price.asRun(usage)).isEqualTo(0.112, within());
    assertThat(LoadRunner.Price.asRun(java.util.Map.of("llama3.1:8b", new long[] {1, 1, 1, 0, 0}))).isNull();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
