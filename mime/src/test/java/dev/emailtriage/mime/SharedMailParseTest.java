package dev.emailtriage.mime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Email;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Every message of the shared development set (../shared/fixtures/mail) parses; skipped in a fresh clone. */
class SharedMailParseTest {

  @Test
  void everySharedMessageParsesWithHeadersAndAnId() throws Exception {
    Optional<Path> shared = TestMail.sharedMailDir();
    Assumptions.assumeTrue(shared.isPresent(), "shared/fixtures/mail/MANIFEST.tsv not found above "
        + Path.of("").toAbsolutePath() + " (a fresh clone has no shared fixtures): skipped");
    List<Path> files;
    try (Stream<Path> s = Files.list(shared.get())) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".eml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    List<String> failures = new ArrayList<>();
    for (Path file : files) {
      try {
        Email email = MimeParser.parse(Files.readAllBytes(file), Instant.EPOCH);
        if (email.emailId().isBlank() || !email.hasHeaders()) {
          failures.add(file.getFileName() + ": no id or no headers");
        }
      } catch (UnparseableMailException e) {
        failures.add(file.getFileName() + ": " + e.getMessage());
      }
    }
    assertThat(failures).isEmpty();
  }
}
