package dev.emailtriage.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With GEMINI_API_KEY and GEMINI_BASE_URL set, the CLI asks Gemini (here WireMock) for what the rules leave. */
class GeminiCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/v1beta/models/gemini-2.5-flash:generateContent";
  private static final String DECISION = """
      {"decision":"respond","confidence":0.91,"email_type":"question","urgency":"medium",
       "reason":"Pergunta direta sobre entrega e prazo",
       "suggested_response":{"subject":"Re: Dúvida sobre o orçamento",
         "body":"Olá João, entregamos em São Paulo. Equipe Biofraga","tone":"professional"}}""";

  private WireMockServer server;

  @BeforeEach
  void start() throws Exception {
    server = new WireMockServer(wireMockConfig().dynamicPort());
    server.start();
    server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(envelopeWith(DECISION))));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void theModelDecidesWhatTheRulesLeave() throws Exception {
    Fixtures.Run run = run(env(), "triage", "--format", "json", Fixtures.mail("pt-br-latin1-qp.eml").toString(),
        Fixtures.mail("newsletter-html-only.eml").toString());

    assertThat(run.code()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode question = JSON.readTree(lines.get(0));
    assertThat(question.get("source").asText()).isEqualTo("model");
    assertThat(question.get("decision").asText()).isEqualTo("respond");
    assertThat(question.get("email_type").asText()).isEqualTo("question");
    assertThat(question.get("needs_review").asBoolean()).isFalse();
    assertThat(question.get("suggested_response").get("subject").asText()).isEqualTo("Re: Dúvida sobre o orçamento");
    JsonNode newsletter = JSON.readTree(lines.get(1));
    assertThat(newsletter.get("source").asText()).isEqualTo("rule");

    server.verify(1, postRequestedFor(urlEqualTo(PATH)).withHeader("x-goog-api-key", equalTo("test-key")));
    assertThat(run.err()).contains("Decider: Gemini gemini-2.5-flash").contains("model 1");
  }

  @Test
  void offlineNeverCallsTheModel() {
    Fixtures.Run run = run(env(), "triage", "--offline", "--format", "json",
        Fixtures.mail("pt-br-latin1-qp.eml").toString());

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("\"source\":\"fallback\"");
    server.verify(0, postRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void aMalformedBaseUrlIsABadArgument() {
    Map<String, String> env = env();
    env.put("GEMINI_BASE_URL", "http://localhost:1/v1beta");

    Fixtures.Run run = run(env, "triage", Fixtures.mail("pt-br-latin1-qp.eml").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("GEMINI_BASE_URL");
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("GEMINI_API_KEY", "test-key");
    env.put("GEMINI_BASE_URL", "http://localhost:" + server.port());
    return env;
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

  /** The recorded success envelope with its text part replaced by {@code text}. */
  private static String envelopeWith(String text) throws Exception {
    try (InputStream in = GeminiCliTest.class.getResourceAsStream(
        "/gemini/firebase-googleai-unary-success-basic-reply-short.json")) {
      ObjectNode root = (ObjectNode) JSON.readTree(in);
      JsonNode parts = root.get("candidates").get(0).get("content").get("parts");
      ((ObjectNode) parts.get(parts.size() - 1)).put("text", text);
      return JSON.writeValueAsString(root);
    }
  }
}
