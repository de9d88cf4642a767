package dev.emailtriage.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Email;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.TriageResult;
import dev.emailtriage.test.TestEmails;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain Spring Boot web application with only the auto-configuration, Spring MVC and Actuator: it gets a working
 * {@link EmailTriage} bean, our meters under {@code /actuator/metrics} and our indicators under
 * {@code /actuator/health}, over real HTTP; and Boot's MVC writes a result in the wire format.
 */
@SpringBootTest(classes = ActuatorOverHttpTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "management.endpoints.web.exposure.include=health,metrics",
        "management.endpoint.health.show-details=always",
        "GEMINI_API_KEY=", "GOOGLE_API_KEY=", "GEMINI_BASE_URL="})
class ActuatorOverHttpTest {

  // The starter brings the PostgreSQL driver and HikariCP but not spring-boot-jdbc; this module's tests have
  // spring-boot-jdbc for the PostgreSQL tests, so keep its DataSource out of this starter-like application.
  @SpringBootConfiguration
  @EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
  @Import(TriageController.class)
  static class App {}

  @RestController
  static class TriageController {
    private final EmailTriage triage;

    TriageController(EmailTriage triage) {
      this.triage = triage;
    }

    @PostMapping("/triage")
    TriageResult triage(@RequestBody Email email) {
      return triage.process(email);
    }
  }

  @LocalServerPort
  int port;

  @Autowired
  EmailTriage triage;

  @Autowired
  JsonMapper json;

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void decideSomething() {
    triage.process(TestEmails.question("http_1"));
    triage.process(TestEmails.bounce("http_2"));
  }

  @Test
  void metricsEndpointListsOurMeters() throws Exception {
    JsonNode names = get("/actuator/metrics").get("names");
    List<String> all = new ArrayList<>();
    names.forEach(n -> all.add(n.asString()));
    assertThat(all).contains(EmailTriageMetrics.DECISIONS, EmailTriageMetrics.QUEUE_DEPTH,
        EmailTriageMetrics.CACHE_LOOKUPS, EmailTriageMetrics.RULE_HITS, EmailTriageMetrics.OPERATION_DURATION);

    JsonNode decisions = get("/actuator/metrics/" + EmailTriageMetrics.DECISIONS);
    List<String> tags = new ArrayList<>();
    decisions.get("availableTags").forEach(t -> tags.add(t.get("tag").asString()));
    assertThat(tags).contains("action", "type", "source");
    assertThat(get("/actuator/metrics/" + EmailTriageMetrics.QUEUE_DEPTH).get("measurements").get(0)
        .get("value").asDouble()).isZero();
  }

  @Test
  void healthEndpointShowsOurIndicators() throws Exception {
    JsonNode components = get("/actuator/health").get("components");
    assertThat(components.get("emailTriageStore").get("status").asString()).isEqualTo("UP");
    assertThat(components.get("emailTriageStore").get("details").get("queue_depth").asLong()).isZero();
    assertThat(components.get("emailTriageModel").get("status").asString()).isEqualTo("UP");
    assertThat(components.get("emailTriageModel").get("details").get("mode").asString())
        .isEqualTo("offline-fallback");
  }

  @Test
  void springMvcWritesTheWireFormat() throws Exception {
    String body = """
        { "email_id": "msg_http", "from": "cliente@example.com", "to": "support@biofraga.com",
          "subject": "Dúvida sobre produto", "body": "Olá, gostaria de saber mais sobre o produto X.",
          "received_at": "2025-01-15T10:30:00Z" }
        """;
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/triage"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode n = json.readTree(response.body());
    assertThat(n.get("status").asString()).isEqualTo("processed");
    assertThat(n.get("email_id").asString()).isEqualTo("msg_http");
    assertThat(n.get("decision").asString()).isEqualTo("respond");
    assertThat(n.get("email_type").asString()).isEqualTo("other");
    assertThat(n.get("source").asString()).isEqualTo("fallback");
    assertThat(n.get("needs_review").asBoolean()).isTrue();
    assertThat(n.get("processed_at").isString()).isTrue();
    assertThat(n.has("suggested_response")).isFalse();
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
