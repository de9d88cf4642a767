package dev.emailtriage.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for the dashboard pages' tests (Debian {@code chromium} and {@code chromium-driver}; nothing is
 * downloaded), with a fresh profile under {@code target/}, started before each test and quit after it
 * ({@code @RegisterExtension final Browser browser = new Browser();}). The test is skipped, saying why, where either
 * is missing. The pages report their state in {@code body[data-state]}: {@code locked}, {@code loading},
 * {@code ready}, {@code error}.
 */
final class Browser implements BeforeEachCallback, AfterEachCallback {

  static final String CHROMIUM = "/usr/bin/chromium";
  static final String DRIVER = "/usr/bin/chromedriver";

  /** Counts a canvas's painted (non-transparent) pixels, 0 when Chart.js drew nothing on it. */
  private static final String PAINTED_PIXELS = """
      const canvas = document.getElementById(arguments[0]);
      if (!canvas || !window.Chart || !Chart.getChart(canvas) || canvas.width === 0) { return 0; }
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) { if (data[i] !== 0) { painted++; } }
      return painted;""";

  ChromeDriver driver;

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    assumeTrue(new File(CHROMIUM).canExecute() && new File(DRIVER).canExecute(),
        "headless Chromium test skipped: /usr/bin/chromium or /usr/bin/chromedriver is missing "
            + "(apt-get install -y chromium chromium-driver)");
    Path profile = Files.createTempDirectory(Path.of("target"), "chromium-profile");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
        "--no-first-run", "--window-size=1400,1800", "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
  }

  /** Opens {@code url}, waits for the page to ask for a key, enters {@code key}, and asserts the page loaded. */
  void unlock(String url, String key) {
    driver.get(url);
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    wait.until(d -> "locked".equals(state()));
    driver.findElement(By.id("api-key")).sendKeys(key);
    driver.findElement(By.id("connect")).click();
    wait.until(d -> List.of("ready", "error").contains(state()));
    assertThat(state()).as(text("status")).isEqualTo("ready");
  }

  String state() {
    return driver.findElement(By.tagName("body")).getDomAttribute("data-state");
  }

  String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  /** Asserts that Chart.js painted each of {@code canvasIds} (more than 500 pixels). */
  void assertPainted(List<String> canvasIds) {
    for (String id : canvasIds) {
      Object painted = driver.executeScript(PAINTED_PIXELS, id);
      assertThat(((Number) painted).longValue()).as("painted pixels of " + id).isGreaterThan(500);
    }
  }

  /** Saves a screenshot as {@code target/name} and checks it is not empty. */
  void screenshot(String name) throws IOException {
    Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
    Path target = Path.of("target", name);
    Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(target)).isGreaterThan(10_000);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (driver != null) {
      driver.quit();
      driver = null;
    }
  }
}
