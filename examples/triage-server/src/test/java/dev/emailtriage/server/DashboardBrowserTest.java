package dev.emailtriage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
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

  static final String CHROMIUM = "/usr/bin/chromium";
  static final String DRIVER = "/usr/bin/chromedriver";
  static final String KEY = "dash-user-key-123456";

  @LocalServerPort
  int port;

  ChromeDriver browser;
  Path profile;

  @BeforeEach
  void startBrowser() throws IOException {
    assumeTrue(new File(CHROMIUM).canExecute() && new File(DRIVER).canExecute(),
        "headless Chromium test skipped: /usr/bin/chromium or /usr/bin/chromedriver is missing "
            + "(apt-get install -y chromium chromium-driver)");
    profile = Files.createTempDirectory(Path.of("target"), "chromium-profile");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
        "--no-first-run", "--window-size=1400,1800", "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

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

    browser.get("http://localhost:" + port + "/");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    wait.until(d -> "locked".equals(d.findElement(By.tagName("body")).getDomAttribute("data-state")));
    browser.findElement(By.id("api-key")).sendKeys(KEY);
    browser.findElement(By.id("connect")).click();
    wait.until(d -> List.of("ready", "error").contains(d.findElement(By.tagName("body")).getDomAttribute("data-state")));
    assertThat(browser.findElement(By.tagName("body")).getDomAttribute("data-state"))
        .as(browser.findElement(By.id("status")).getText()).isEqualTo("ready");

    assertThat(text("kpi-processed")).isEqualTo(totals.path("emails_processed").asString());
    assertThat(text("kpi-responded")).isEqualTo(totals.path("emails_responded").asString());
    assertThat(text("kpi-ignored")).isEqualTo(totals.path("emails_ignored").asString());
    assertThat(text("kpi-rate")).isEqualTo(String.format(java.util.Locale.ROOT, "%.1f%%",
        totals.path("response_rate").asDouble() * 100));
    assertThat(browser.findElements(By.cssSelector("#review-queue tbody tr"))).hasSize(4);
    assertThat(browser.findElement(By.id("review-queue")).getText()).contains("cliente0@example.com");

    for (String chart : List.of("chart-daily", "chart-decisions", "chart-sources", "chart-reasons")) {
      Object painted = browser.executeScript("""
          const canvas = document.getElementById(arguments[0]);
          if (!canvas || !window.Chart || !Chart.getChart(canvas) || canvas.width === 0) { return 0; }
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let painted = 0;
          for (let i = 3; i < data.length; i += 4) { if (data[i] !== 0) { painted++; } }
          return painted;""", chart);
      assertThat(((Number) painted).longValue()).as("painted pixels of " + chart).isGreaterThan(500);
    }
    Object sources = browser.executeScript(
        "return Chart.getChart(document.getElementById('chart-sources')).data.datasets[0].data.join(',');");
    JsonNode bySource = summary.path("by_source");
    assertThat(sources).isEqualTo(bySource.path("rule").asLong() + "," + bySource.path("learned").asLong() + ","
        + bySource.path("cache").asLong() + ","
        + bySource.path("model").asLong() + "," + bySource.path("fallback").asLong());

    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, Path.of("target", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(Path.of("target", "dashboard.png"))).isGreaterThan(10_000);

    // The key stays in this tab only.
    assertThat(browser.executeScript("return sessionStorage.getItem('emailtriage.apiKey');")).isEqualTo(KEY);
    assertThat(browser.executeScript("return localStorage.length;")).isEqualTo(0L);
  }

  private String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }
}
