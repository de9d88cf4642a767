package dev.emailtriage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import dev.emailtriage.Prompt;
import dev.emailtriage.TokenUsage;
import dev.emailtriage.Urgency;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DeciderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Every metric a panel of {@code examples/grafana/email-triage-dashboard.json} queries is one the real server
 * exports at {@code /actuator/prometheus}, after it decided by model, rule, learned rule and cache, failed once and
 * took feedback.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "GEMINI_API_KEY=", "GOOGLE_API_KEY=", "EMAILTRIAGE_EMBEDDED_DB=false",
    "EMAILTRIAGE_API_KEY=" + GrafanaDashboardTest.KEY, "EMAILTRIAGE_ADMIN_KEY=grafana-admin-key-0a9b8c7d",
    "EMAILTRIAGE_RATE_LIMIT_PER_MINUTE=100000"})
@Import(GrafanaDashboardTest.Model.class)
class GrafanaDashboardTest {

  static final String KEY = "grafana-user-key-1b2c3d4e5f";
  static final Path DASHBOARD = Path.of("../grafana/email-triage-dashboard.json");
  /** Label lists ({@code by (...)}), label matchers ({@code {...}}) and legend templates: no metric names there. */
  private static final Pattern NOT_METRICS = Pattern.compile("\\b(?:by|without)\\s*\\([^)]*\\)|\\{[^}]*\\}");
  private static final Pattern METRIC = Pattern.compile("\\b((?:emailtriage|gen_ai|http_server)_[a-zA-Z0-9_]+)\\b");

  /** A model that ignores with tokens, and fails for ids starting with "fail". */
  @TestConfiguration(proxyBeanMethods = false)
  static class Model {
    @Bean
    Decider grafanaModel() {
      return new Decider() {
        @Override
        public Decision decide(Email email, Prompt prompt) {
          if (email.emailId().startsWith("fail")) {
            throw new DeciderException(DeciderException.Kind.UNAVAILABLE, "test model is down");
          }
          return Decision.builder().action(Action.IGNORE).confidence(0.95).emailType(EmailType.NEWSLETTER)
              .urgency(Urgency.LOW).reason("promotional").source(DecisionSource.MODEL)
              .prompt(prompt.id(), prompt.version()).tokenUsage(new TokenUsage(90, 10, 5, 105)).build();
        }
      };
    }
  }

  @LocalServerPort
  int port;

  private void process(Http http, String id, String from, String subject, String body) {
    Http.Answer a = send(http, id, from, subject, body);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
  }

  private static Http.Answer send(Http http, String id, String from, String subject, String body) {
    return http.post("/api/v1/emails/process", KEY, """
        {"email_id": "%s", "from": "%s", "to": "support@biofraga.com", "subject": "%s", "body": "%s",
         "received_at": "2025-01-15T10:30:00Z"}""".formatted(id, from, subject, body));
  }

  @Test
  void everyMetricOfEveryPanelIsExportedByTheServer() throws IOException {
    Http http = new Http(port);
    for (int i = 0; i < 4; i++) { // three model ignores teach a rule; the fourth is a learned-rule hit
      process(http, "g-" + i, "ofertas@loja.example", "Ofertas " + i, "Promocoes da semana numero " + i * 7919);
    }
    process(http, "g-dup", "outra@loja.example", "Ofertas 0", "Promocoes da semana numero 0"); // cache hit
    process(http, "g-bounce", "MAILER-DAEMON@mx.example", "Undelivered Mail Returned to Sender",
        "This is the mail system. Your message could not be delivered."); // a rule
    assertThat(send(http, "fail-g", "x@y.example", "hello", "the model fails on this one").body())
        .contains("\"status\":\"failed\"");
    assertThat(http.post("/api/v1/emails/g-0/feedback", KEY, "{\"correct_decision\": \"ignore\"}").status())
        .isEqualTo(200);

    Http.Answer scrape = http.get("/actuator/prometheus", KEY);
    assertThat(scrape.status()).isEqualTo(200);
    Set<String> exported = new TreeSet<>();
    for (String line : scrape.body().split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        exported.add(line.split("[{ ]", 2)[0]);
      }
    }

    JsonNode dashboard = Http.JSON.readTree(Files.readString(DASHBOARD));
    Map<String, Set<String>> queried = new LinkedHashMap<>();
    for (JsonNode panel : dashboard.path("panels")) {
      Set<String> metrics = new TreeSet<>();
      for (JsonNode target : panel.path("targets")) {
        Matcher m = METRIC.matcher(NOT_METRICS.matcher(target.path("expr").asString()).replaceAll(" "));
        while (m.find()) {
          metrics.add(m.group(1));
        }
      }
      queried.put(panel.path("title").asString(), metrics);
    }
    assertThat(queried).hasSizeGreaterThanOrEqualTo(10);
    queried.forEach((title, metrics) -> {
      assertThat(metrics).as("panel '%s' queries at least one email-triage metric", title).isNotEmpty();
      assertThat(exported).as("metrics of panel '%s' (exported: %s)", title, exported).containsAll(metrics);
    });
    assertThat(queried.values().stream().flatMap(Set::stream)).contains("emailtriage_learned_rules",
        "emailtriage_quality_agreement", "emailtriage_queue_depth", "gen_ai_client_token_usage__token__sum");
  }
}
