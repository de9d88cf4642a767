package dev.emailtriage.architecture;

import static org.assertj.core.api.Assertions.fail;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The frozen violations of {@code known-violations.txt}: each line {@code rule: violation} is one violation that
 * exists today and is being removed. A rule passes when it finds exactly these: a new violation fails the build, and
 * so does a listed one that no longer exists (delete its line), so the list can only shrink and stays true.
 */
final class KnownViolations {

  private static final String FILE = "known-violations.txt";

  private KnownViolations() {}

  static Set<String> of(String rule) {
    Set<String> known = new TreeSet<>();
    try (InputStream in = KnownViolations.class.getClassLoader().getResourceAsStream(FILE)) {
      if (in == null) {
        throw new IllegalStateException(FILE + " is missing from the test resources");
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        int colon = l.indexOf(": ");
        if (colon < 0) {
          throw new IllegalStateException(FILE + ": a line is 'rule: violation', not '" + l + "'");
        }
        if (l.substring(0, colon).equals(rule)) {
          known.add(l.substring(colon + 2));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return known;
  }

  /** Evaluates the rule and fails unless its violations are exactly the frozen ones. */
  static void check(String ruleId, ArchRule rule, Codebase codebase, Function<Set<String>, String> explanation) {
    EvaluationResult result = rule.evaluate(codebase.classes());
    Set<String> found = new TreeSet<>(result.getFailureReport().getDetails());
    Set<String> known = of(ruleId);
    Set<String> added = new TreeSet<>(found);
    added.removeAll(known);
    Set<String> gone = new TreeSet<>(known);
    gone.removeAll(found);
    if (added.isEmpty() && gone.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder("Rule '" + ruleId + "': " + rule.getDescription() + "\n");
    if (!added.isEmpty()) {
      sb.append("\nNew violations (fix them; do not add them to ").append(FILE).append("):\n");
      added.forEach(v -> sb.append("  ").append(ruleId).append(": ").append(v).append('\n'));
    }
    if (!gone.isEmpty()) {
      sb.append("\nFixed, so delete these lines from architecture-tests/src/test/resources/").append(FILE)
          .append(":\n");
      gone.forEach(v -> sb.append("  ").append(ruleId).append(": ").append(v).append('\n'));
    }
    if (explanation != null) {
      sb.append('\n').append(explanation.apply(added));
    }
    sb.append("\nModules read: ").append(codebase.moduleNames());
    fail(sb.toString());
  }
}
