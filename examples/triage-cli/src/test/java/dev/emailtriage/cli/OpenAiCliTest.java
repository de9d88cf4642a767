package dev.emailtriage.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With OPENAI_API_KEY and OPENAI_BASE_URL (an Ollama-style server, here WireMock), the CLI asks that model. */
class OpenAiCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/v1/chat/completions";
  private static final String DECISION = "{\"decision\":\"respond\",\"confidence\":0.91,\"email_type\":\"question\","
      + "\"urgency\":\"medium\",\"reason\":\"Pergunta direta\",\"suggested_response\":{\"subject\":\"Re: Dúvida\","
      + "\"body\":\"Olá João. Equipe Biofraga\",\"tone\":\"professional\"}}";

  private WireMockServer server;

  @BeforeEach
  void start() throws Exception {
    server = new WireMockServer(wireMockConfig().dynamicPort());
    server.start();
    String completion = "{\"id\":\"chatcmpl-768\",\"object\":\"chat.completion\",\"created\":1744445346,"
        + "\"model\":\"qwen2.5:7b\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,\"message\":"
        + "{\"role\":\"assistant\",\"content\":" + JSON.writeValueAsString(DECISION) + "},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":498,\"completion_tokens\":71,\"total_tokens\":569}}";
    server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(completion)));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("OPENAI_API_KEY", "ollama");
    env.put("OPENAI_BASE_URL", "http://localhost:" + server.port() + "/v1");
    env.put("EMAILTRIAGE_MODEL", "qwen2.5:7b");
    return env;
  }

  @Test
  void theOpenAiCompatibleModelDecidesWhatTheRulesLeave() throws Exception {
    Fixtures.Run run = run(env(), "triage", "--format", "json", Fixtures.mail("pt-br-latin1-qp.eml").toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(JSON.readTree(run.out().lines().findFirst().orElseThrow()).get("source").asText()).isEqualTo("model");
    server.verify(1, postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer ollama"))
        .withRequestBody(matchingJsonPath("$.model", equalTo("qwen2.5:7b"))));
    assertThat(run.err()).contains("Decider: OpenAI-compatible qwen2.5:7b");
  }

  @Test
  void bothKeysWithoutAProviderIsABadArgumentNamingTheVariable() {
    Map<String, String> env = env();
    env.put("GEMINI_API_KEY", "g");

    Fixtures.Run run = run(env, "triage", Fixtures.mail("pt-br-latin1-qp.eml").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("EMAILTRIAGE_MODEL_PROVIDER");
    server.verify(0, postRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void aCascadeAsksTheEscalationModelBelowTheThreshold() {
    Map<String, String> env = env();
    env.put("EMAILTRIAGE_ESCALATION_MODEL", "qwen2.5:32b");
    env.put("EMAILTRIAGE_ESCALATE_BELOW", "0.95");

    Fixtures.Run run = run(env, "triage", "--format", "json", Fixtures.mail("pt-br-latin1-qp.eml").toString());

    assertThat(run.code()).as(run.err()).isZero();
    server.verify(1, postRequestedFor(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.model",
        equalTo("qwen2.5:7b"))));
    server.verify(1, postRequestedFor(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.model",
        equalTo("qwen2.5:32b"))));
    assertThat(run.err()).contains("escalating to qwen2.5:32b below 0.95");
  }

  private static Fixtures.Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e, env, false);
    }
    return new Fixtures.Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
