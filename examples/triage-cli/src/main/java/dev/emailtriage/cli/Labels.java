package dev.emailtriage.cli;

import dev.emailtriage.Action;
import dev.emailtriage.EmailType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expected decisions of a labelled set: a UTF-8 TSV with a header row naming at least the columns {@code file}
 * and {@code expected_decision} ({@code respond} or {@code ignore}), and optionally {@code label_type} (an email
 * type: {@code question}, {@code newsletter}...). Other columns are ignored. Paths are relative to the TSV's folder;
 * {@code name.mbox#3} names the third message of an mbox file.
 */
final class Labels {

  /**
   * One labelled message.
   *
   * @param file the path as written in the TSV
   * @param key the absolute path (plus {@code #n}) that matches {@link Outcome#key()}
   * @param expected the expected decision
   * @param type the expected email type, or {@code null} when the TSV has no {@code label_type}
   */
  record Label(String file, String key, Action expected, String type) {}

  private static final Pattern MBOX_SUFFIX = Pattern.compile("^(.*)#(\\d+)$");

  private Labels() {}

  /**
   * Reads a labels TSV.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException naming the line when a column is missing or a value is not recognised
   */
  static List<Label> read(Path tsv) throws IOException {
    List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
    int headerAt = 0;
    while (headerAt < lines.size() && lines.get(headerAt).isBlank()) {
      headerAt++;
    }
    if (headerAt == lines.size()) {
      throw new IllegalArgumentException(tsv + " is empty: expected a header row with file and expected_decision");
    }
    List<String> header = new ArrayList<>();
    for (String h : lines.get(headerAt).replace("\uFEFF", "").split("\t", -1)) {
      header.add(h.strip().toLowerCase(Locale.ROOT));
    }
    int fileCol = header.indexOf("file");
    int decisionCol = header.indexOf("expected_decision");
    int typeCol = header.indexOf("label_type");
    if (fileCol < 0 || decisionCol < 0) {
      throw new IllegalArgumentException(tsv + ": the header row must name the columns file and expected_decision"
          + " (found " + String.join(", ", header) + ")");
    }
    Path dir = tsv.toAbsolutePath().getParent();
    List<Label> labels = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = headerAt + 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split("\t", -1);
      int lineNo = i + 1;
      String file = cell(cells, fileCol);
      if (file.isEmpty()) {
        throw new IllegalArgumentException(tsv + " line " + lineNo + ": empty file");
      }
      Action expected;
      try {
        expected = Action.fromWire(cell(cells, decisionCol));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(tsv + " line " + lineNo + ": expected_decision " + e.getMessage(), e);
      }
      String type = null;
      if (typeCol >= 0 && !cell(cells, typeCol).isEmpty()) {
        try {
          type = EmailType.fromWire(cell(cells, typeCol)).wireName();
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(tsv + " line " + lineNo + ": label_type " + e.getMessage(), e);
        }
      }
      String key = keyOf(dir, file);
      if (!seen.add(key)) {
        throw new IllegalArgumentException(tsv + " line " + lineNo + ": " + file + " is labelled twice");
      }
      labels.add(new Label(file, key, expected, type));
    }
    return labels;
  }

  private static String keyOf(Path dir, String file) {
    Path whole = dir.resolve(file);
    if (Files.exists(whole)) {
      return MailSources.keyOf(whole);
    }
    Matcher m = MBOX_SUFFIX.matcher(file);
    if (m.matches()) {
      return MailSources.keyOf(dir.resolve(m.group(1))) + "#" + Integer.parseInt(m.group(2));
    }
    return MailSources.keyOf(whole);
  }

  private static String cell(String[] cells, int index) {
    return index < cells.length ? cells[index].strip() : "";
  }
}
