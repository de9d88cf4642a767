package dev.emailtriage.mime;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads mbox files (the format of Thunderbird, mutt, Google Takeout): finds the messages by their {@code From }
 * separator lines without loading the file, and reads one message with its {@code >From } lines unescaped (mboxrd;
 * mboxo files read the same). Stateless and thread-safe.
 *
 * <pre>{@code
 * for (Mbox.Entry entry : Mbox.index(file)) {
 *   Email email = MimeParser.parse(Mbox.read(file, entry), Instant.now());
 * }
 * }</pre>
 */
public final class Mbox {

  /**
   * One message of an mbox file: where its bytes are. Immutable.
   *
   * @param index its 1-based position in the file
   * @param offset where the message (after its separator line) starts
   * @param length how many bytes it has, the blank line before the next separator excluded
   */
  public record Entry(int index, long offset, long length) {

    /** Checks the position. */
    public Entry {
      if (index < 1) {
        throw new IllegalArgumentException("index must be 1 or more: " + index);
      }
      if (offset < 0 || length < 0) {
        throw new IllegalArgumentException("offset and length must not be negative: " + offset + ", " + length);
      }
    }
  }

  private Mbox() {}

  /** True when {@code file} begins with an mbox {@code From } line; false for any other file or one unreadable. */
  public static boolean startsWithFromLine(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(5);
      return startsWith(head, 0, "From ");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The messages of an mbox file, in order. A message starts after a line beginning with {@code From } that is the
   * file's first line or follows an empty line; the empty line before the next separator belongs to the separator.
   * Reads the file once, as a stream. A file that does not start with a {@code From } line has no entries.
   */
  public static List<Entry> index(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    List<Entry> entries = new ArrayList<>();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      long pos = 0;
      long start = -1;
      long blankLineStart = -1;
      boolean previousBlank = true;
      byte[] prefix = new byte[5];
      int prefixLen = 0;
      boolean atLineStart = true;
      long lineStart = 0;
      int lineLen = 0;
      while (true) {
        int b = in.read();
        if (atLineStart) {
          lineStart = pos;
          prefixLen = 0;
          lineLen = 0;
          atLineStart = false;
        }
        if (b < 0) {
          break;
        }
        pos++;
        if (b != '\n' && b != '\r') {
          lineLen++;
        }
        if (prefixLen < 5) {
          prefix[prefixLen++] = (byte) b;
        }
        if (b == '\n') {
          boolean separator = prefixLen == 5 && startsWith(prefix, 0, "From ") && previousBlank;
          if (separator) {
            if (start >= 0) {
              long end = blankLineStart >= 0 ? blankLineStart : lineStart;
              entries.add(new Entry(entries.size() + 1, start, Math.max(0, end - start)));
            }
            start = pos;
          }
          boolean blank = lineLen == 0;
          blankLineStart = blank ? lineStart : -1;
          previousBlank = blank;
          atLineStart = true;
        }
      }
      if (start >= 0) {
        entries.add(new Entry(entries.size() + 1, start, Math.max(0, pos - start)));
      }
    }
    return List.copyOf(entries);
  }

  /** The bytes of one message of {@code file}, with {@code >From } lines unescaped. */
  public static byte[] read(Path file, Entry entry) throws IOException {
    Objects.requireNonNull(entry, "entry");
    if (entry.length() > Integer.MAX_VALUE - 16) {
      throw new IOException("message of " + entry.length() + " bytes is too large");
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) entry.length());
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long pos = entry.offset();
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
    return unescapeFromLines(raw);
  }

  /** mboxrd unescaping: a line of one or more {@code >} followed by {@code From } loses one {@code >}. */
  public static byte[] unescapeFromLines(byte[] raw) {
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

  private static boolean startsWith(byte[] raw, int at, String prefix) {
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
