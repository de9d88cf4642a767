package dev.emailtriage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Holds the README's plain-Java example, so it compiles as written, and checks that the README still shows it. */
class ReadmeExampleTest {

  private static TriageResult readmeExample() {
    // README example begins
    EmailTriage triage = EmailTriage.builder()
        .store(new InMemoryDecisionStore())
        .build();
    Email email = Email.builder()
        .emailId("msg_12345")
        .from("cliente@example.com")
        .to("support@biofraga.com")
        .subject("Quanto custa o produto X?")
        .body("Olá, gostaria de saber o preço do produto X.")
        .receivedAt(Instant.parse("2025-01-15T10:30:00Z"))
        .build();
    TriageResult result = triage.process(email);
    System.out.println(result.decision().action() + " " + result.decision().reason());
    triage.close();
    // README example ends
    return result;
  }

  @Test
  void exampleRunsOnTheOfflineDefaults() {
    TriageResult result = readmeExample();
    assertThat(result.status()).isEqualTo(TriageStatus.PROCESSED);
    assertThat(result.decision().source()).isEqualTo(DecisionSource.FALLBACK);
  }

  @Test
  void readmeShowsThisExample() throws IOException {
    Path readme = Path.of("..", "README.md");
    Assumptions.assumeTrue(Files.exists(readme), "README.md is not beside the core module");
    String source = Files.readString(Path.of("src/test/java/dev/emailtriage/ReadmeExampleTest.java"));
    String example = source.substring(source.indexOf("// README example begins"), source.indexOf("    // README"
        + " example ends"));
    example = example.substring(example.indexOf('\n') + 1).stripTrailing().stripIndent();
    assertThat(Files.readString(readme)).contains(example);
  }
}
