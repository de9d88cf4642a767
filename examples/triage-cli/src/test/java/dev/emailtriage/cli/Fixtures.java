package dev.emailtriage.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Test helpers: the fixture folder, and running the command line in-process with captured streams. */
final class Fixtures {

  private Fixtures() {}

  /** The folder of this module's test fixtures (target/test-classes/mail). */
  static Path mailDir() {
    try {
      return Path.of(Objects.requireNonNull(Fixtures.class.getResource("/mail"), "test resource /mail").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path mail(String name) {
    return mailDir().resolve(name);
  }

  /**
   * The shared development set ({@code shared/fixtures/mail}), found by walking up from the working directory to
   * a folder that holds {@code shared/fixtures/mail/MANIFEST.tsv}; empty in a fresh clone.
   */
  static Optional<Path> sharedMailDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/fixtures/mail");
      if (Files.isRegularFile(candidate.resolve("MANIFEST.tsv"))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** What a run printed and returned. */
  record Run(int code, String out, String err) {}

  /** Runs {@code triage-cli args...} with no API key in the environment and not on a terminal. */
  static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e, Map.of(), false);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
