package dev.emailtriage.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
    if (length > Integer.MAX_VALUE - 16) {
      throw new IOException("message of " + length + " bytes is too large");
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) length);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long pos = offset;
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, pos);
        if (n < 0) {
          break;
        }
        pos += n;
      }
    }
    byte[] raw = new byte[buffer.position()];
    buffer.flip();
    buffer.get(raw);
    return mboxIndex > 0 ? unescapeFromLines(raw) : raw;
  }

  /** mboxrd unescaping: a line of one or more {@code >} followed by {@code From } loses one {@code >}. */
  static byte[] unescapeFromLines(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
    int i = 0;
    while (i < raw.length) {
      int lineStart = i;
      int j = lineStart;
      while (j < raw.length && raw[j] == '>') {
        j++;
      }
      boolean escaped = j > lineStart && startsWith(raw, j, "From ");
      int end = i;
      while (end < raw.length && raw[end] != '\n') {
        end++;
      }
      if (end < raw.length) {
        end++;
      }
      int from = escaped ? lineStart + 1 : lineStart;
      out.write(raw, from, end - from);
      i = end;
    }
    return out.toByteArray();
  }

  static boolean startsWith(byte[] raw, int at, String prefix) {
    if (at + prefix.length() > raw.length) {
      return false;
    }
    for (int k = 0; k < prefix.length(); k++) {
      if (raw[at + k] != prefix.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
