package dev.emailtriage.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.emailtriage.Decision;
import dev.emailtriage.DefaultPrompt;
import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.model.PromptRenderer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The mock Chat Completions API against the real {@code OpenAiDecider} over HTTP, the cheap model's deterministic
 * unsure share, and a cascade through the mock asking the strong model for exactly that share.
 */
class MockOpenAiTest {

  private static Email email(int i) {
    return Email.builder().emailId("m-" + i).from("customer" + i + "@example.net").to("support@example.com")
        .subject("Order " + i).body("Where is my order " + i + "? It was due on Monday.")
        .receivedAt(Instant.EPOCH.plusSeconds(i)).build();
  }

  @Test
  void theCheapModelIsUnsureOfAFixedShareChosenByTheEmailNotByTheCall() {
    MockAnswers answers = new MockAnswers(0.2, Set.of("gpt-4.1-mini"));
    Prompt prompt = DefaultPrompt.create();
    int unsure = 0;
    for (int i = 0; i < 2000; i++) {
      Email e = email(i);
      String first = PromptRenderer.render(e, e.body(), prompt).userMessage();
      String second = PromptRenderer.render(e, e.body(), prompt).userMessage();
      assertThat(first).as("a new marker token each time").isNotEqualTo(second);
      assertThat(answers.unsure(second)).as("same email, same answer").isEqualTo(answers.unsure(first));
      if (answers.unsure(first)) {
        unsure++;
        assertThat(answers.adjust("gpt-4.1", MockAnswers.respondAnswer(), first))
            .as("a strong model is sure").isEqualTo(MockAnswers.respondAnswer());
        assertThat(answers.adjust("gpt-4.1-mini", MockAnswers.respondAnswer(), first))
            .contains("\"confidence\":" + MockAnswers.UNSURE_CONFIDENCE);
      }
    }
    assertThat(unsure).as("about 20 %% of 2000").isBetween(340, 460);
  }

  @Test
  void openAiDeciderReadsTheMocksAnswerAndUsage() throws Exception {
    MockGemini.Faults faults = new MockGemini.Faults(0, 0, new MockAnswers(0, Set.of()));
    WireMockServer server = MockGemini.server(0, faults, new AtomicLong());
    server.start();
    Systems.Deciders built = new Systems.Deciders();
    try {
      Decider decider = Systems.decider("openai:gpt-4.1-mini", "http://127.0.0.1:" + server.port(),
          Duration.ofSeconds(10), 0.7, built);
      Decision d = decider.decide(email(1), DefaultPrompt.create(), Duration.ofSeconds(10));
      assertThat(d.action().wireName()).isEqualTo("respond");
      assertThat(d.modelVersion()).isEqualTo("gpt-4.1-mini-2025-04-14");
      JsonNode request = MockAnswers.JSON.readTree(faults.lastRequest);
      assertThat(request.path("response_format").path("type").asText()).isEqualTo("json_schema");
      int input = MockOpenAi.Tokens.input(request);
      assertThat(d.tokenUsage().prompt()).as("the usage the mock billed").isEqualTo(input);
      assertThat(faults.usage()).startsWith("gpt-4.1-mini 1 " + input + " ");
    } finally {
      built.close();
      server.stop();
    }
  }

  @Test
  void aCascadeAsksTheStrongModelForExactlyTheEmailsTheCheapOneIsUnsureOf() {
    MockAnswers answers = new MockAnswers(0.2, Set.of("gpt-4.1-mini"));
    MockGemini.Faults faults = new MockGemini.Faults(0, 0, answers);
    WireMockServer server = MockGemini.server(0, faults, new AtomicLong());
    server.start();
    Systems.Deciders built = new Systems.Deciders();
    try {
      Decider cascade = Systems.decider("cascade:openai:gpt-4.1-mini>openai:gpt-4.1",
          "http://127.0.0.1:" + server.port(), Duration.ofSeconds(10), 0.7, built);
      Prompt prompt = DefaultPrompt.create();
      int expected = 0;
      for (int i = 0; i < 60; i++) {
        Email e = email(i);
        boolean unsure = answers.unsure(PromptRenderer.render(e, e.body(), prompt).userMessage());
        expected += unsure ? 1 : 0;
        Decision d = cascade.decide(e, prompt, Duration.ofSeconds(10));
        assertThat(d.modelVersion()).isEqualTo(unsure ? "gpt-4.1-2025-04-14" : "gpt-4.1-mini-2025-04-14");
        assertThat(d.confidence()).isGreaterThanOrEqualTo(0.7);
      }
      assertThat(expected).as("some escalations among 60").isPositive();
      Map<String, long[]> usage = parse(faults.usage());
      assertThat(usage.get("gpt-4.1-mini")[0]).isEqualTo(60);
      assertThat(usage.get("gpt-4.1")[0]).isEqualTo(expected);
      assertThat(built.escalations.get("low_confidence").sum()).isEqualTo(expected);
    } finally {
      built.close();
      server.stop();
    }
  }

  private static Map<String, long[]> parse(String usage) {
    Map<String, long[]> out = new java.util.HashMap<>();
    for (String line : usage.split("\n")) {
      String[] f = line.split(" ");
      out.put(f[0], java.util.Arrays.stream(f, 1, f.length).mapToLong(Long::parseLong).toArray());
    }
    return out;
  }
}
