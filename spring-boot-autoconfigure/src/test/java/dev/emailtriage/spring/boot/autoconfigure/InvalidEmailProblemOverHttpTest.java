package dev.emailtriage.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Email;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.TriageResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
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
 * A user's own controller passes an invalid {@link Email} to {@link EmailTriage#process}: with Spring MVC present the
 * client gets a 400 problem naming the bad fields by their JSON names, not a 500; a property turns that off.
 */
class InvalidEmailProblemOverHttpTest {

  /** An email with a blank id and no received_at: two violations. */
  static final String INVALID = "{\"email_id\": \"\", \"from\": \"cliente@example.com\", \"to\":"
      + " \"support@biofraga.com\", \"subject\": \"Oi\", \"body\": \"Quanto custa?\"}";

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

  static HttpResponse<String> post(int port, String json) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/triage"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Nested
  @SpringBootTest(classes = App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      properties = {"GEMINI_API_KEY=", "GOOGLE_API_KEY=", "GEMINI_BASE_URL="})
  class ByDefault {
    @LocalServerPort
    int port;

    @Test
    void invalidEmailBecomesA400ProblemNamingEveryField() throws Exception {
      HttpResponse<String> response = post(port, INVALID);

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("application/problem+json"));
      JsonNode problem = JsonMapper.builder().build().readTree(response.body());
      assertThat(problem.get("status").asInt()).isEqualTo(400);
      assertThat(problem.get("title").asString()).isEqualTo("Invalid email");
      assertThat(problem.get("type").asString()).isEqualTo("https://email-triage.dev/problems/validation");
      assertThat(problem.get("detail").asString()).contains("email_id").contains("received_at");
      List<String> fields = new ArrayList<>();
      problem.get("errors").forEach(error -> fields.add(error.get("field").asString()));
      assertThat(fields).containsExactly("email_id", "received_at");
    }
  }

  @Nested
  @SpringBootTest(classes = App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      properties = {"GEMINI_API_KEY=", "GOOGLE_API_KEY=", "GEMINI_BASE_URL=",
          "emailtriage.web.problem-details=false"})
  class TurnedOff {
    @LocalServerPort
    int port;

    @Test
    void withTheHandlerOffTheExceptionIsTheApplicationsToHandle() throws Exception {
      HttpResponse<String> response = post(port, INVALID);

      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.body()).doesNotContain("Invalid email");
    }
  }
}
