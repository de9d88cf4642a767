package dev.emailtriage.cli;

import dev.emailtriage.mime.Mbox;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One message to triage: a whole file, or one message of an mbox file.
 *
 * @param file the path as found under the PATH argument, with {@code #n} for the n-th message of an mbox
 * @param key the absolute, normalised path (plus {@code #n}), used to match labels
 * @param path the file that holds the message
 * @param mboxIndex the 1-based position in an mbox file, or 0 for a whole file
 * @param offset where the message starts in the file
 * @param length how many bytes it has, or -1 for the whole file
 * @param modified the file's modification time (the received time when there is no Date header)
 */
record MailInput(String file, String key, Path path, int mboxIndex, long offset, long length, Instant modified) {

  /** The message's bytes; for an mbox message, with {@code >From } lines unescaped. */
  byte[] read() throws IOException {
    if (length < 0) {
      return java.nio.file.Files.readAllBytes(path);
    }
    return Mbox.read(path, new Mbox.Entry(Math.max(1, mboxIndex), offset, length));
  }
}
