package dev.emailtriage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import dev.emailtriage.Prompt;
import dev.emailtriage.Urgency;
import dev.emailtriage.spi.Decider;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * The quality page in headless Chromium: after model decisions with feedback, the four quality charts are drawn from
 * {@code GET /api/v1/analytics/quality} and show its numbers; screenshot {@code target/quality.png}. Skipped, saying
 * why, where {@code /usr/bin/chromium} is absent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "GEMINI_API_KEY=", "GOOGLE_API_KEY=", "EMAILTRIAGE_EMBEDDED_DB=false",
    "EMAILTRIAGE_API_KEY=" + QualityDashboardBrowserTest.KEY, "EMAILTRIAGE_ADMIN_KEY=quality-admin-key-123456",
    "EMAILTRIAGE_RATE_LIMIT_PER_MINUTE=1000", "emailtriage.cache.enabled=false"})
@Import(QualityDashboardBrowserTest.Model.class)
class QualityDashboardBrowserTest {

  static final String KEY = "quality-user-key-123456";

  /** Responds to a subject with "pergunta" (confidence 0.85), else ignores (0.95). */
  @TestConfiguration(proxyBeanMethods = false)
  static class Model {
    @Bean
    Decider qualityModel() {
      return new Decider() {
        @Override
        public Decision decide(Email email, Prompt prompt) {
          boolean q = email.subject().contains("pergunta");
          return Decision.builder().action(q ? Action.RESPOND : Action.IGNORE).confidence(q ? 0.85 : 0.95)
              .emailType(q ? EmailType.QUESTION : EmailType.NEWSLETTER).urgency(Urgency.LOW).reason("scripted")
              .source(DecisionSource.MODEL).prompt(prompt.id(), prompt.version()).build();
        }
      };
    }
  }

  @LocalServerPort
  int port;

  @RegisterExtension
  final Browser browser = new Browser();

  @Test
  void theQualityPageDrawsTheQualityChartsFromRealData() throws IOException {
    Http http = new Http(port);
    for (int i = 0; i < 6; i++) {
      boolean question = i % 2 == 0;
      String body = """
          {"email_id": "qd-%d", "from": "pessoa%d@example.com", "to": "support@biofraga.com",
           "subject": "%s %d", "body": "Texto numero %d do email.", "received_at": "2025-01-15T10:30:00Z"}"""
          .formatted(i, i, question ? "Uma pergunta" : "Novidades", i, i * 7919);
      assertThat(http.post("/api/v1/emails/process", KEY, body).status()).isEqualTo(200);
      String feedback = i < 4 ? "{\"comment\": \"right\"}" : "{\"correct_decision\": \"respond\"}";
      assertThat(http.post("/api/v1/emails/qd-" + i + "/feedback", KEY, feedback).status()).isEqualTo(200);
    }
    JsonNode quality = http.get("/api/v1/analytics/quality", KEY).json();
    assertThat(quality.path("overall").path("with_feedback").asLong()).isEqualTo(6);

    browser.unlock("http://localhost:" + port + "/quality.html", KEY);
    assertThat(browser.driver.findElement(By.id("kpi-feedback")).getText()).isEqualTo("6");
    // five of six agree: the one ignore a person corrected to respond does not
    assertThat(browser.driver.findElement(By.id("kpi-agreement")).getText()).isEqualTo("83.3%");

    browser.assertPainted(List.of("chart-prompts", "chart-sources-agreement", "chart-calibration", "chart-confusion"));
    Object calibration = browser.driver.executeScript(
        "return Chart.getChart(document.getElementById('chart-calibration')).data.datasets[0].data"
            + ".map(v => v === null ? 'null' : String(v)).join(',');");
    StringBuilder expected = new StringBuilder();
    for (JsonNode bin : quality.path("overall").path("calibration")) {
      expected.append(expected.length() == 0 ? "" : ",").append(bin.path("agreement").isNull()
          || bin.path("agreement").isMissingNode() ? "null"
          : String.valueOf(Math.round(bin.path("agreement").asDouble() * 1000) / 10.0).replaceAll("\\.0$", ""));
    }
    assertThat(calibration).isEqualTo(expected.toString());
    Object confusion = browser.driver.executeScript(
        "return Chart.getChart(document.getElementById('chart-confusion')).data.datasets[0].data.join(',');");
    assertThat(confusion).isEqualTo("3,0,1,2");

    browser.screenshot("quality.png");
  }
}
