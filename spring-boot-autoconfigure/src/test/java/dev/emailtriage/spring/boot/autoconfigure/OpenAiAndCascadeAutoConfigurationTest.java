package dev.emailtriage.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.Deciders;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.TriageResult;
import dev.emailtriage.gemini.GeminiDecider;
import dev.emailtriage.openai.OpenAiDecider;
import dev.emailtriage.spi.Decider;
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
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The OpenAI decider and the cascade chosen by configuration, against a local server answering as OpenAI does. */
class OpenAiAndCascadeAutoConfigurationTest {

  /** The cheap model answers below 0.8 for every email; the strong one with 0.95. */
  private static final String CHEAP = "gpt-4o-mini";
  private static final String STRONG = "gpt-4o";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(EmailTriageAutoConfigurationTest.ALL)
      .withConfiguration(AutoConfigurations.of(EmailTriageGeminiAutoConfiguration.class,
          EmailTriageOpenAiAutoConfiguration.class, EmailTriageCascadeAutoConfiguration.class))
      .withPropertyValues("GEMINI_API_KEY=", "GOOGLE_API_KEY=", "GEMINI_BASE_URL=", "OPENAI_API_KEY=",
          "OPENAI_BASE_URL=", "EMAILTRIAGE_MODEL_PROVIDER=", "EMAILTRIAGE_MODEL=", "EMAILTRIAGE_ESCALATION_MODEL=",
          "EMAILTRIAGE_ESCALATE_BELOW=");

  private HttpServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startFakeOpenAi() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String model = request.contains("\"model\":\"" + STRONG + "\"") ? STRONG : CHEAP;
      seen.add(exchange.getRequestURI().getPath() + " " + model + " "
          + exchange.getRequestHeaders().getFirst("Authorization"));
      double confidence = model.equals(STRONG) ? 0.95 : 0.6;
      String answer = ("{\"decision\":\"ignore\",\"confidence\":" + confidence + ",\"email_type\":\"newsletter\","
          + "\"urgency\":\"low\",\"reason\":\"Newsletter\",\"suggested_response\":null}")
          .replace("\"", "\\\"");
      byte[] body = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1741569952,\"model\":\""
          + model + "-2024\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + answer
          + "\",\"refusal\":null},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":100,"
          + "\"completion_tokens\":20,\"total_tokens\":120}}").getBytes(StandardCharsets.UTF_8);
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
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  @Test
  void anOpenAiKeyGivesTheOpenAiDeciderAskingTheConfiguredServer() {
    runner.withPropertyValues("OPENAI_API_KEY=ollama", "OPENAI_BASE_URL=" + baseUrl(), "EMAILTRIAGE_MODEL=" + CHEAP,
            "emailtriage.openai.max-retries=0")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(OpenAiDecider.class).doesNotHaveBean(GeminiDecider.class);
          TriageResult r = context.getBean(EmailTriage.class).process(TestEmails.question("o1"));
          assertThat(r.decision().source()).as(String.valueOf(r.error())).isEqualTo(DecisionSource.MODEL);
          assertThat(r.decision().modelVersion()).isEqualTo(CHEAP + "-2024");
          assertThat(seen).singleElement().asString().isEqualTo("/v1/chat/completions " + CHEAP + " Bearer ollama");
        });
  }

  @Test
  void tokenUsageAndLatencyAreReportedUnderTheOpenAiProviderName() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("OPENAI_API_KEY=k", "OPENAI_BASE_URL=" + baseUrl(), "emailtriage.openai.max-retries=0")
        .run(context -> {
          context.getBean(EmailTriage.class).process(TestEmails.question("o3"));
          MeterRegistry m = context.getBean(MeterRegistry.class);
          assertThat(m.get(EmailTriageMetrics.TOKEN_USAGE).tags("gen_ai.token.type", "input",
              "gen_ai.provider.name", "openai").summary().totalAmount()).isEqualTo(100);
          assertThat(m.get(EmailTriageMetrics.OPERATION_DURATION).tags("gen_ai.provider.name", "openai",
              "error.type", "none").timer().count()).isEqualTo(1);
        });
  }

  @Test
  void bothKeysWithoutAProviderFailTheStartNamingTheProperty() {
    runner.withPropertyValues("OPENAI_API_KEY=k1", "GEMINI_API_KEY=k2").run(context -> {
      assertThat(context).hasFailed();
      assertThat(PropertiesValidationTest.messages(context.getStartupFailure()))
          .contains("emailtriage.model-provider", "EMAILTRIAGE_MODEL_PROVIDER");
    });
  }

  @Test
  void bothKeysWithTheProviderNamedTakeThatProvider() {
    runner.withPropertyValues("OPENAI_API_KEY=k1", "OPENAI_BASE_URL=" + baseUrl(), "GEMINI_API_KEY=k2",
            "EMAILTRIAGE_MODEL_PROVIDER=openai")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(OpenAiDecider.class)
            .doesNotHaveBean(GeminiDecider.class));
    runner.withPropertyValues("OPENAI_API_KEY=k1", "GEMINI_API_KEY=k2", "emailtriage.model-provider=gemini")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(GeminiDecider.class)
            .doesNotHaveBean(OpenAiDecider.class));
  }

  @Test
  void bothKeysButOnlyOneAdapterTakeThatAdapter() {
    runner.withClassLoader(new FilteredClassLoader(OpenAiDecider.class))
        .withPropertyValues("OPENAI_API_KEY=k1", "GEMINI_API_KEY=k2")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(GeminiDecider.class));
  }

  @Test
  void anUnknownProviderFailsTheStartNamingIt() {
    runner.withPropertyValues("OPENAI_API_KEY=k1", "EMAILTRIAGE_MODEL_PROVIDER=claude").run(context -> {
      assertThat(context).hasFailed();
      assertThat(PropertiesValidationTest.messages(context.getStartupFailure()))
          .contains("EMAILTRIAGE_MODEL_PROVIDER must be gemini or openai");
    });
  }

  @Test
  void aUserOpenAiClientBeanIsUsed() {
    runner.withPropertyValues("OPENAI_API_KEY=k-env", "emailtriage.openai.max-retries=0")
        .withBean(com.openai.client.OpenAIClient.class, () -> com.openai.client.okhttp.OpenAIOkHttpClient.builder()
            .apiKey("k-user").baseUrl(baseUrl()).build())
        .run(context -> {
          context.getBean(EmailTriage.class).process(TestEmails.question("o2"));
          assertThat(seen).singleElement().asString().endsWith("Bearer k-user");
        });
  }

  @Test
  void anEscalationModelMakesACascadeThatAsksTheStrongModelForLowConfidenceAndCountsIt() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("OPENAI_API_KEY=k", "OPENAI_BASE_URL=" + baseUrl(), "EMAILTRIAGE_MODEL=" + CHEAP,
            "EMAILTRIAGE_ESCALATION_MODEL=" + STRONG, "EMAILTRIAGE_ESCALATE_BELOW=0.8",
            "emailtriage.openai.max-retries=0", "emailtriage.cache.enabled=false")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(Decider.class)).isNotInstanceOf(OpenAiDecider.class);
          TriageResult r = context.getBean(EmailTriage.class).process(TestEmails.question("c1"));
          assertThat(r.decision().modelVersion()).isEqualTo(STRONG + "-2024");
          assertThat(seen).extracting(s -> s.split(" ")[1]).containsExactly(CHEAP, STRONG);
          MeterRegistry m = context.getBean(MeterRegistry.class);
          assertThat(m.get(EmailTriageCascadeAutoConfiguration.ESCALATIONS).tag("reason", "low_confidence")
              .counter().count()).isEqualTo(1);
        });
  }

  @Test
  void anAnswerAboveTheThresholdIsNotEscalated() {
    runner.withPropertyValues("OPENAI_API_KEY=k", "OPENAI_BASE_URL=" + baseUrl(), "EMAILTRIAGE_MODEL=" + CHEAP,
            "emailtriage.cascade.escalation-model=" + STRONG, "emailtriage.cascade.escalate-below=0.5",
            "emailtriage.openai.max-retries=0", "emailtriage.cache.enabled=false")
        .withBean("myListener", Deciders.EscalationListener.class, () -> (e, reason, d, f) -> seen.add("escalated"))
        .run(context -> {
          TriageResult r = context.getBean(EmailTriage.class).process(TestEmails.question("c2"));
          assertThat(r.decision().modelVersion()).isEqualTo(CHEAP + "-2024");
          assertThat(seen).hasSize(1).noneMatch(s -> s.equals("escalated"));
        });
  }

  @Test
  void aBadEscalationThresholdFailsNamingIt() {
    runner.withPropertyValues("OPENAI_API_KEY=k", "OPENAI_BASE_URL=" + baseUrl(),
            "EMAILTRIAGE_ESCALATION_MODEL=" + STRONG, "EMAILTRIAGE_ESCALATE_BELOW=high")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(PropertiesValidationTest.messages(context.getStartupFailure()))
              .contains("EMAILTRIAGE_ESCALATE_BELOW");
        });
  }
}
