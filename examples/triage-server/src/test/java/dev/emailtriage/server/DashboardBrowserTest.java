package dev.emailtriage.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in headless Chromium (Debian {@code chromium} and {@code chromium-driver}; nothing is downloaded):
 * loads the page, enters the key, sees the four charts drawn and the numbers of the API, takes a screenshot
 * ({@code target/dashboard.png}). Skipped, saying why, where {@code /usr/bin/chromium} is absent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "GEMINI_API_KEY=", "GOOGLE_API_KEY=", "EMAILTRIAGE_EMBEDDED_DB=false",
    "EMAILTRIAGE_API_KEY=dash-user-key-123456", "EMAILTRIAGE_ADMIN_KEY=dash-admin-key-123456",
    "EMAILTRIAGE_RATE_LIMIT_PER_MINUTE=1000"})
class DashboardBrowserTest {

  static final String KEY = "dash-user-key-123456";

  @LocalServerPort
  int port;

  @RegisterExtension
  final Browser browser = new Browser();

  @Test
  void theDashboardDrawsTheChartsFromRealData() throws IOException {
    Http http = new Http(port);
    // Real data: model-less decisions (fallback) and rule decisions (auto-reply, no-reply sender).
    for (int i = 0; i < 4; i++) {
      assertThat(http.post("/api/v1/emails/process", KEY,
          Http.email("dash-q-" + i, "cliente" + i + "@example.com", "2025-01-15T10:30:00Z")).status()).isEqualTo(200);
    }
    for (int i = 0; i < 3; i++) {
      String body = """
          {"email_id": "dash-ooo-%d", "from": "no-reply@shop%d.example.com", "to": "support@biofraga.com",
           "subject": "Your order has shipped", "body": "Your order %d has shipped.",
           "received_at": "2025-01-16T08:00:00Z",
           "headers": {"Auto-Submitted": ["auto-generated"]}}""".formatted(i, i, i);
      assertThat(http.post("/api/v1/emails/process", KEY, body).status()).isEqualTo(200);
    }
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    JsonNode summary = http.get("/api/v1/analytics/summary?start_date=" + LocalDate.now(ZoneOffset.UTC).minusDays(29)
        + "&end_date=" + today, KEY).json();
    JsonNode totals = summary.path("totals");
    assertThat(totals.path("emails_ignored").asLong()).as("rules ignored the automatic mail").isPositive();

    browser.unlock("http://localhost:" + port + "/", KEY);

    assertThat(browser.text("kpi-processed")).isEqualTo(totals.path("emails_processed").asString());
    assertThat(browser.text("kpi-responded")).isEqualTo(totals.path("emails_responded").asString());
    assertThat(browser.text("kpi-ignored")).isEqualTo(totals.path("emails_ignored").asString());
    assertThat(browser.text("kpi-rate")).isEqualTo(String.format(java.util.Locale.ROOT, "%.1f%%",
        totals.path("response_rate").asDouble() * 100));
    assertThat(browser.driver.findElements(By.cssSelector("#review-queue tbody tr"))).hasSize(4);
    assertThat(browser.driver.findElement(By.id("review-queue")).getText()).contains("cliente0@example.com");

    browser.assertPainted(List.of("chart-daily", "chart-decisions", "chart-sources", "chart-reasons"));
    Object sources = browser.driver.executeScript(
        "return Chart.getChart(document.getElementById('chart-sources')).data.datasets[0].data.join(',');");
    JsonNode bySource = summary.path("by_source");
    assertThat(sources).isEqualTo(bySource.path("rule").asLong() + "," + bySource.path("learned").asLong() + ","
        + bySource.path("cache").asLong() + ","
        + bySource.path("model").asLong() + "," + bySource.path("fallback").asLong());

    browser.screenshot("dashboard.png");

    // The key stays in this tab only.
    assertThat(browser.driver.executeScript("return sessionStorage.getItem('emailtriage.apiKey');")).isEqualTo(KEY);
    assertThat(browser.driver.executeScript("return localStorage.length;")).isEqualTo(0L);
  }
}
