package dev.emailtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The run over the shared development set (../shared/fixtures/mail) completes and names every file. */
class SharedFixturesTest {

  @Test
  void everyFileOfTheSharedSetAppearsInTheOutput() throws Exception {
    Optional<Path> shared = Fixtures.sharedMailDir();
    Assumptions.assumeTrue(shared.isPresent(), "shared/fixtures/mail/MANIFEST.tsv not found above "
        + Path.of("").toAbsolutePath() + " (a fresh clone has no shared fixtures): skipped");
    Path dir = shared.get();
    List<String> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml")).sorted().toList();
    }

    Fixtures.Run run = Fixtures.cli("triage", "--format", "json", "--concurrency", "4", "--labels",
        dir.resolve("MANIFEST.tsv").toString(), dir.toString());

    assertThat(run.code()).isZero();
    ObjectMapper json = new ObjectMapper();
    List<String> seen = run.out().lines()
        .map(line -> {
          try {
            return json.readTree(line).get("file").asText();
          } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
          }
        })
        .map(f -> Path.of(f).getFileName().toString())
        .sorted()
        .toList();
    assertThat(files).isNotEmpty();
    assertThat(seen).containsExactlyElementsOf(files);
    assertThat(run.err()).contains("Evaluation against").contains("labelled but not in this run: 0")
        .doesNotContain("skipped " + dir);
  }
}
