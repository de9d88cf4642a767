package dev.emailtriage.cli;

import dev.emailtriage.mime.Mbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Expands the PATH arguments into messages: {@code .eml} files, folders of them (recursively, in name order) and
 * mbox files (split on their {@code From } separator lines by {@link Mbox}). In folders, files named {@code *.eml}, {@code *.mbox}
 * and {@code *.mbx} are read, and files without an extension whose first line is an mbox {@code From } line (as
 * Thunderbird stores them); hidden files and other files (a README, a TSV of labels) are left alone. A file named
 * on the command line is always read.
 */
final class MailSources {

  /** What the arguments hold: the messages, and the files that could not even be listed. */
  record Scan(List<MailInput> inputs, List<Skipped> skipped) {}

  /** A file or message that was reported and skipped, and why. */
  record Skipped(String file, String reason) {}

  private MailSources() {}

  /** Scans the arguments, which must exist (the command checks that first). */
  static Scan scan(List<Path> arguments) {
    List<MailInput> found = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (Path argument : arguments) {
      if (Files.isDirectory(argument)) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(argument)) {
          files = walk.filter(Files::isRegularFile).filter(p -> !hidden(argument.relativize(p)))
              .sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
          skipped.add(new Skipped(argument.toString(), "could not list the folder: " + e.getMessage()));
          continue;
        }
        for (Path file : files) {
          String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
          boolean mail = name.endsWith(".eml") || name.endsWith(".mbox") || name.endsWith(".mbx")
              || (!name.contains(".") && startsWithFromLine(file));
          if (mail) {
            add(file, file.toString(), found, skipped);
          }
        }
      } else {
        add(argument, argument.toString(), found, skipped);
      }
    }
    // A file reached through two arguments (a folder and a file in it) is triaged once.
    Set<String> keys = new HashSet<>();
    List<MailInput> inputs = found.stream().filter(in -> keys.add(in.key())).toList();
    return new Scan(inputs, skipped);
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static void add(Path file, String shown, List<MailInput> inputs, List<Skipped> skipped) {
    try {
      Instant modified = Files.getLastModifiedTime(file).toInstant();
      String key = keyOf(file);
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      boolean mboxName = name.endsWith(".mbox") || name.endsWith(".mbx");
      if (!startsWithFromLine(file)) {
        inputs.add(new MailInput(shown, key, file, 0, 0, -1, modified));
        return;
      }
      List<Mbox.Entry> ranges = Mbox.index(file);
      if (ranges.size() == 1 && !mboxName) {
        // A single message saved with its envelope line: it is still that file.
        Mbox.Entry r = ranges.get(0);
        inputs.add(new MailInput(shown, key, file, 1, r.offset(), r.length(), modified));
        return;
      }
      if (ranges.isEmpty()) {
        skipped.add(new Skipped(shown, "mbox file without messages"));
      }
      for (int i = 0; i < ranges.size(); i++) {
        Mbox.Entry r = ranges.get(i);
        inputs.add(new MailInput(shown + "#" + (i + 1), key + "#" + (i + 1), file, i + 1, r.offset(), r.length(),
            modified));
      }
    } catch (IOException e) {
      skipped.add(new Skipped(shown, "could not read: " + e.getMessage()));
    }
  }

  /** The absolute, normalised (and where possible real) path, used to match labels to messages. */
  static String keyOf(Path file) {
    try {
      return file.toRealPath().toString();
    } catch (IOException e) {
      return file.toAbsolutePath().normalize().toString();
    }
  }

  static boolean startsWithFromLine(Path file) {
    return Mbox.startsWithFromLine(file);
  }
}
