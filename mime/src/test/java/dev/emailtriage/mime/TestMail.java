package dev.emailtriage.mime;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** The module's own small fixtures (src/test/resources/mail) and, when present, the shared development set. */
final class TestMail {

  private TestMail() {}

  static Path path(String name) {
    try {
      return Path.of(Objects.requireNonNull(TestMail.class.getResource("/mail/" + name), name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code shared/fixtures/mail} found by walking up from the working directory; empty in a fresh clone. */
  static Optional<Path> sharedMailDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/fixtures/mail");
      if (Files.isRegularFile(candidate.resolve("MANIFEST.tsv"))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
