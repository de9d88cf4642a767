package dev.emailtriage.spamfilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Action;
import dev.emailtriage.EmailType;
import dev.emailtriage.spi.RuleOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rule against SpamAssassin's real {@code spamd} (Debian's {@code spamassassin} package, installed by
 * {@code .ci/run}); skipped, with the reason, where spamd is not installed.
 */
class RealSpamdTest {

  private static RealSpamd spamd;

  @BeforeAll
  static void startSpamd() throws Exception {
    Assumptions.assumeTrue(RealSpamd.executable().isPresent(),
        "spamd not installed (apt-get install -y spamassassin; .ci/run does it): the real-spamd tests are skipped");
    spamd = RealSpamd.start(Path.of("target", "spamd"));
  }

  @AfterAll
  static void stopSpamd() throws IOException {
    if (spamd != null) {
      spamd.close();
    }
  }

  @Test
  void ignoresTheGtubeTestMessageAsSpam() {
    RuleOutcome outcome = SpamFilterRule.builder().spamd(spamd.address()).timeout(java.time.Duration.ofSeconds(30))
        .build().evaluate(Mail.gtube());
    assertThat(outcome.verdict()).isEqualTo(RuleOutcome.Verdict.DECIDE);
    assertThat(outcome.action()).isEqualTo(Action.IGNORE);
    assertThat(outcome.emailType()).isEqualTo(EmailType.SPAM);
    assertThat(outcome.reason()).contains("GTUBE").contains("required 5.0");
  }

  @Test
  void letsAPersonsQuestionThrough() {
    RuleOutcome outcome = SpamFilterRule.builder().spamd(spamd.address()).timeout(java.time.Duration.ofSeconds(30))
        .build().evaluate(Mail.question().build());
    assertThat(outcome.verdict()).as("reason: %s", outcome.reason()).isEqualTo(RuleOutcome.Verdict.ABSTAIN);
  }

  @Test
  void aThresholdAboveTheGtubeScoreLetsItThrough() {
    RuleOutcome outcome = SpamFilterRule.builder().spamd(spamd.address()).spamdThreshold(5000)
        .timeout(java.time.Duration.ofSeconds(30)).build().evaluate(Mail.gtube());
    assertThat(outcome.verdict()).isEqualTo(RuleOutcome.Verdict.ABSTAIN);
  }

  /**
   * The shared development set, each message sent as its raw bytes: no respond-labelled message may be ignored,
   * and the spam caught is printed. Skipped without {@code ../shared/fixtures/mail}.
   */
  @Test
  void onTheSharedFixturesNoRespondMessageIsIgnored() throws IOException {
    Optional<Path> dir = fixtures();
    Assumptions.assumeTrue(dir.isPresent(), "shared/fixtures/mail/MANIFEST.tsv not found above the module");
    List<String> lines = Files.readAllLines(dir.get().resolve("MANIFEST.tsv"), StandardCharsets.UTF_8);
    Map<String, byte[]> raw = new TreeMap<>();
    SpamFilterRule rule = SpamFilterRule.builder().spamd(spamd.address()).timeout(java.time.Duration.ofSeconds(30))
        .rawMessages(email -> Optional.ofNullable(raw.get(email.emailId()))).build();
    List<String> respondIgnored = new ArrayList<>();
    Map<String, int[]> caught = new TreeMap<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] cols = line.split("\t");
      Path file = dir.get().resolve(cols[0]);
      raw.put(cols[0], Files.readAllBytes(file));
      String headers = new String(raw.get(cols[0]), StandardCharsets.ISO_8859_1);
      boolean reply = headers.lines().takeWhile(l -> !l.isEmpty())
          .anyMatch(l -> l.regionMatches(true, 0, "In-Reply-To:", 0, 12)
              || l.regionMatches(true, 0, "References:", 0, 11));
      var email = Mail.question().emailId(cols[0]);
      if (reply) {
        email.header("In-Reply-To", "<from-the-raw-message>");
      }
      RuleOutcome outcome = rule.evaluate(email.build());
      boolean ignored = outcome.verdict() == RuleOutcome.Verdict.DECIDE;
      int[] c = caught.computeIfAbsent(cols[3] + "/" + cols[4], k -> new int[2]);
      c[1]++;
      if (ignored) {
        c[0]++;
        if (cols[4].equals("respond")) {
          respondIgnored.add(cols[0] + ": " + outcome.reason());
        }
      }
    }
    StringBuilder report = new StringBuilder("Real spamd on shared/fixtures/mail (raw bytes), ignored per label:");
    caught.forEach((k, c) -> report.append(' ').append(k).append(' ').append(c[0]).append('/').append(c[1]));
    System.out.println(report);
    assertThat(respondIgnored).as("respond-labelled messages spamd made the rule ignore").isEmpty();
    assertThat(caught.get("spam/ignore")[0]).as(report.toString()).isGreaterThanOrEqualTo(8);
  }

  private static Optional<Path> fixtures() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("shared").resolve("fixtures").resolve("mail");
      if (Files.isRegularFile(candidate.resolve("MANIFEST.tsv"))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
