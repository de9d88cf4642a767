package dev.emailtriage.spamfilter.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of SpamAssassin's {@code spamd} speaking the SPAMC protocol, version 1.5, over TCP: one connection per
 * message, a {@code SYMBOLS} request ({@code SYMBOLS SPAMC/1.5}, {@code Content-length}, an optional {@code User},
 * an empty line, the message), the output side shut down, then the reply read to its end: {@code SPAMD/1.1 0 EX_OK},
 * {@code Spam: True ; 15.2 / 5.0}, an empty line and the comma-separated names of the rules that hit. Immutable and
 * thread-safe; every call opens its own connection.
 */
public final class SpamcClient {

  /** The longest reply read; a SYMBOLS reply is a few hundred bytes. */
  private static final int MAX_REPLY_BYTES = 64 * 1024;

  private static final Pattern STATUS = Pattern.compile("^SPAMD/(\\d+\\.\\d+)\\s+(-?\\d+)\\s*(.*)$");
  private static final Pattern SPAM = Pattern.compile(
      "^\\s*(true|false|yes|no)\\s*;\\s*(-?[0-9]+(?:\\.[0-9]+)?)\\s*/\\s*(-?[0-9]+(?:\\.[0-9]+)?)\\s*$",
      Pattern.CASE_INSENSITIVE);

  private final String host;
  private final int port;
  private final String user;

  /**
   * A client of the {@code spamd} at {@code host}:{@code port}.
   *
   * @param user the SpamAssassin user whose preferences spamd applies, or {@code null} for spamd's default
   */
  public SpamcClient(String host, int port, String user) {
    this.host = host;
    this.port = port;
    this.user = user;
  }

  /** {@code host:port}, for messages. */
  public String address() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }

  /**
   * Asks spamd about {@code message} (raw RFC 5322 bytes), giving up at {@code deadlineNanos} ({@link
   * System#nanoTime()} scale).
   *
   * @throws SocketTimeoutException when the deadline passes (connecting, writing or reading)
   * @throws SpamFilterException when spamd answers an error status or a reply that breaks the protocol
   * @throws IOException when the connection fails
   */
  public FilterVerdict check(byte[] message, long deadlineNanos) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), remainingMillis(deadlineNanos));
      socket.setSoTimeout(remainingMillis(deadlineNanos));
      OutputStream out = socket.getOutputStream();
      StringBuilder head = new StringBuilder("SYMBOLS SPAMC/1.5\r\n")
          .append("Content-length: ").append(message.length).append("\r\n");
      if (user != null) {
        head.append("User: ").append(user).append("\r\n");
      }
      head.append("\r\n");
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(message);
      out.flush();
      socket.shutdownOutput();
      return parse(readAll(socket, deadlineNanos));
    }
  }

  private static byte[] readAll(Socket socket, long deadlineNanos) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    while (true) {
      socket.setSoTimeout(remainingMillis(deadlineNanos));
      int n = in.read(buffer);
      if (n < 0) {
        return reply.toByteArray();
      }
      reply.write(buffer, 0, n);
      if (reply.size() > MAX_REPLY_BYTES) {
        throw new SpamFilterException("spamd reply longer than " + MAX_REPLY_BYTES + " bytes");
      }
    }
  }

  /** The verdict in a complete spamd reply. */
  static FilterVerdict parse(byte[] reply) throws SpamFilterException {
    String text = new String(reply, StandardCharsets.ISO_8859_1);
    if (text.isEmpty()) {
      throw new SpamFilterException("spamd closed the connection without a reply");
    }
    int headEnd = text.indexOf("\r\n\r\n");
    int separator = 4;
    if (headEnd < 0) {
      headEnd = text.indexOf("\n\n");
      separator = 2;
    }
    String head = headEnd < 0 ? text : text.substring(0, headEnd);
    String body = headEnd < 0 ? "" : text.substring(headEnd + separator);
    String[] lines = head.split("\r?\n");
    Matcher status = STATUS.matcher(lines[0].strip());
    if (!status.matches()) {
      throw new SpamFilterException("not a spamd reply: '" + abbreviate(lines[0]) + "'");
    }
    if (!status.group(2).equals("0")) {
      throw new SpamFilterException("spamd answered " + status.group(2) + " " + abbreviate(status.group(3)));
    }
    Matcher spam = null;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0 && lines[i].substring(0, colon).strip().equalsIgnoreCase("Spam")) {
        spam = SPAM.matcher(lines[i].substring(colon + 1));
        if (!spam.matches()) {
          throw new SpamFilterException("malformed spamd Spam header: '" + abbreviate(lines[i]) + "'");
        }
      }
    }
    if (spam == null) {
      throw new SpamFilterException("spamd reply without a Spam header");
    }
    String verdict = spam.group(1).toLowerCase(Locale.ROOT);
    List<String> symbols = new ArrayList<>();
    for (String symbol : body.strip().split("[,\\s]+")) {
      if (!symbol.isEmpty()) {
        symbols.add(symbol);
      }
    }
    return new FilterVerdict(verdict.equals("true") || verdict.equals("yes"), Double.parseDouble(spam.group(2)),
        Double.parseDouble(spam.group(3)), null, symbols);
  }

  /** Milliseconds left before {@code deadlineNanos}, at least 1; a passed deadline is a timeout. */
  static int remainingMillis(long deadlineNanos) throws SocketTimeoutException {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000));
  }

  private static String abbreviate(String s) {
    String line = s.strip();
    return line.length() <= 120 ? line : line.substring(0, 120) + "...";
  }
}
