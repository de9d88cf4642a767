package dev.emailtriage.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.emailtriage.Action;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.OfflineFallbackDecider;
import dev.emailtriage.TriageResult;
import dev.emailtriage.gemini.GeminiDecider;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.test.ScriptedDecider;
import dev.emailtriage.test.TestEmails;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** With an API key, the Gemini decider: configured from the properties and the environment names, end to end. */
class GeminiAutoConfigurationTest {

  static final String ANSWER = """
      {"decision":"respond","confidence":0.92,"email_type":"question","urgency":"medium",
       "reason":"Pergunta direta sobre preço do produto X",
       "suggested_response":{"subject":"Re: Quanto custa o produto X?",
         "body":"Olá! O produto X custa R$ 100. Equipe Biofraga","tone":"professional"}}""";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(EmailTriageAutoConfigurationTest.ALL)
      .withConfiguration(AutoConfigurations.of(EmailTriageGeminiAutoConfiguration.class))
      .withPropertyValues("GEMINI_API_KEY=", "GOOGLE_API_KEY=", "GEMINI_BASE_URL=");

  private HttpServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startFakeGemini() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " key="
          + exchange.getRequestHeaders().getFirst("x-goog-api-key"));
      exchange.getRequestBody().readAllBytes();
      String text = ANSWER.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
      byte[] body = ("""
          {"candidates":[{"content":{"parts":[{"text":"%s"}],"role":"model"},"finishReason":"STOP","index":0}],
           "usageMetadata":{"promptTokenCount":120,"candidatesTokenCount":40,"thoughtsTokenCount":15,
             "totalTokenCount":175},
           "modelVersion":"gemini-2.5-flash"}""").formatted(text).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @ParameterizedTest
  @ValueSource(strings = {"emailtriage.gemini.api-key", "GEMINI_API_KEY", "GOOGLE_API_KEY"})
  void aKeyUnderAnyOfItsNamesGivesTheGeminiDecider(String name) {
    runner.withPropertyValues(name + "=k-123").run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(GeminiDecider.class)
          .doesNotHaveBean(OfflineFallbackDecider.class);
      assertThat(context.getBean(GeminiDecider.class).model()).isEqualTo("gemini-2.5-flash");
    });
  }

  @Test
  void theDeciderAsksTheConfiguredServerWithTheKeyAndTheMetricsCountTokens() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("GEMINI_API_KEY=k-env", "GEMINI_BASE_URL=" + baseUrl(),
            "emailtriage.gemini.model=gemini-2.5-flash-lite", "emailtriage.gemini.max-retries=0")
        .run(context -> {
          TriageResult r = context.getBean(EmailTriage.class).process(TestEmails.question("msg_g"));
          assertThat(r.decision().source()).as(String.valueOf(r.error())).isEqualTo(DecisionSource.MODEL);
          assertThat(r.decision().suggestedResponse()).isNotNull();
          assertThat(seen).singleElement().asString()
              .contains("/v1beta/models/gemini-2.5-flash-lite:generateContent").endsWith("key=k-env");
          MeterRegistry m = context.getBean(MeterRegistry.class);
          assertThat(m.get(EmailTriageMetrics.TOKEN_USAGE).tags("gen_ai.token.type", "input",
              "gen_ai.provider.name", "gcp.gemini").summary().totalAmount()).isEqualTo(120);
          assertThat(m.get(EmailTriageMetrics.OPERATION_DURATION).tags("gen_ai.provider.name", "gcp.gemini",
              "error.type", "none").timer().count()).isEqualTo(1);
          Health h = context.getBean("emailTriageModelHealthIndicator", HealthIndicator.class).health();
          assertThat(h.getDetails()).containsEntry("mode", "model").containsEntry("decider", "gemini")
              .containsEntry("model", "gemini-2.5-flash-lite").containsEntry("base_url", baseUrl())
              .containsEntry("api_key", "set (GEMINI_API_KEY)");
          assertThat(h.getDetails().toString()).doesNotContain("k-env");
        });
    assertThat(seen).hasSize(1);
  }

  @Test
  void thePropertyWinsOverTheEnvironmentNames() {
    runner.withPropertyValues("GEMINI_API_KEY=k-env", "emailtriage.gemini.api-key=k-prop",
            "GEMINI_BASE_URL=http://127.0.0.1:1", "emailtriage.gemini.base-url=" + baseUrl(),
            "emailtriage.gemini.max-retries=0")
        .run(context -> {
          TriageResult r = context.getBean(EmailTriage.class).process(TestEmails.question("msg_p"));
          assertThat(r.decision().source()).isEqualTo(DecisionSource.MODEL);
          assertThat(seen).singleElement().asString().endsWith("key=k-prop");
        });
  }

  @Test
  void aBadGeminiBaseUrlFailsFastNamingTheVariable() {
    runner.withPropertyValues("GEMINI_API_KEY=k", "GEMINI_BASE_URL=http://localhost:8080/v1beta").run(context -> {
      assertThat(context).hasFailed();
      assertThat(PropertiesValidationTest.messages(context.getStartupFailure())).contains("GEMINI_BASE_URL");
    });
  }

  @Test
  void withoutTheAdapterOnTheClasspathAKeyGivesTheFallback() {
    runner.withClassLoader(new FilteredClassLoader(GeminiDecider.class)).withPropertyValues("GEMINI_API_KEY=k")
        .run(context -> assertThat(context.getBean(Decider.class)).isInstanceOf(OfflineFallbackDecider.class));
  }

  @Test
  void aUserDeciderWinsOverGemini() {
    runner.withPropertyValues("GEMINI_API_KEY=k").withBean(Decider.class, () -> ScriptedDecider.answering(Action.RESPOND).failingFor("fail"))
        .run(context -> assertThat(context).doesNotHaveBean(GeminiDecider.class).hasSingleBean(Decider.class));
  }

  @Test
  void aUserClientBeanIsUsedByTheDecider() {
    runner.withPropertyValues("GEMINI_API_KEY=k-env", "emailtriage.gemini.max-retries=0")
        .withBean(com.google.genai.Client.class,
            () -> dev.emailtriage.gemini.GeminiClients.create("k-user", baseUrl()))
        .run(context -> {
          assertThat(context).hasSingleBean(com.google.genai.Client.class);
          TriageResult r = context.getBean(EmailTriage.class).process(TestEmails.question("msg_c"));
          assertThat(r.decision().source()).isEqualTo(DecisionSource.MODEL);
          assertThat(seen).singleElement().asString().endsWith("key=k-user");
        });
  }

  @Test
  void theClientIsABeanOfItsOwn() {
    runner.withPropertyValues("GEMINI_API_KEY=k").run(context ->
        assertThat(context).hasSingleBean(com.google.genai.Client.class).hasSingleBean(GeminiDecider.class));
  }
}
