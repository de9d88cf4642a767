package dev.emailtriage.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code GEMINI_API_KEY} switches the model on: a fake Gemini API (a real HTTP listener) answers the decision. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "GEMINI_API_KEY=test-gemini-key", "GOOGLE_API_KEY=", "EMAILTRIAGE_EMBEDDED_DB=false",
    "EMAILTRIAGE_API_KEY=gemini-user-key-1234567890", "EMAILTRIAGE_ADMIN_KEY=gemini-admin-key-1234567890",
    "EMAILTRIAGE_RATE_LIMIT_PER_MINUTE=1000"})
class GeminiModelTest {

  static final String KEY = "gemini-user-key-1234567890";
  static final String DECISION = """
      {"decision":"respond","confidence":0.92,"email_type":"question","urgency":"medium",
       "reason":"Pergunta direta sobre preço do produto X",
       "suggested_response":{"subject":"Re: Quanto custa o produto X?",
         "body":"Olá! O produto X custa R$ 100. Equipe Biofraga","tone":"professional"}}""";
  static final CopyOnWriteArrayList<String> API_KEYS = new CopyOnWriteArrayList<>();
  static final HttpServer GEMINI = fakeGemini();

  static HttpServer fakeGemini() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/v1beta/models/", exchange -> {
        exchange.getRequestBody().readAllBytes();
        API_KEYS.add(String.valueOf(exchange.getRequestHeaders().getFirst("x-goog-api-key")));
        ObjectNode text = Http.JSON.createObjectNode().put("text", DECISION);
        ObjectNode root = Http.JSON.createObjectNode();
        ObjectNode candidate = root.putArray("candidates").addObject();
        candidate.putObject("content").put("role", "model").putArray("parts").add(text);
        candidate.put("finishReason", "STOP");
        root.putObject("usageMetadata").put("promptTokenCount", 700).put("candidatesTokenCount", 80)
            .put("totalTokenCount", 780);
        root.put("modelVersion", "gemini-2.5-flash");
        byte[] body = Http.JSON.writeValueAsBytes(root);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void gemini(DynamicPropertyRegistry registry) {
    registry.add("GEMINI_BASE_URL", () -> "http://127.0.0.1:" + GEMINI.getAddress().getPort());
  }

  @AfterAll
  static void stop() {
    GEMINI.stop(0);
  }

  @LocalServerPort
  int port;

  @Test
  void theModelDecidesWhenAKeyIsSet() {
    Http http = new Http(port);
    Http.Answer a = http.post("/api/v1/emails/process", KEY, Http.email("gemini-1", "cliente@example.com",
        "2025-01-15T10:30:00Z"));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    JsonNode r = a.json();
    assertThat(r.path("source").asString()).isEqualTo("model");
    assertThat(r.path("decision").asString()).isEqualTo("respond");
    assertThat(r.path("confidence").asDouble()).isEqualTo(0.92);
    assertThat(r.path("needs_review").asBoolean()).isFalse();
    assertThat(r.path("suggested_response").path("draft").asBoolean()).isTrue();
    assertThat(r.path("suggested_response").path("body").asString()).contains("Equipe Biofraga");
    assertThat(API_KEYS).contains("test-gemini-key");
    assertThat(a.body()).doesNotContain("test-gemini-key");
  }
}
