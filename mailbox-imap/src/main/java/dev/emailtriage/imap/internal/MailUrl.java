package dev.emailtriage.imap.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A mail server address as configured ({@code imaps://host:port}, {@code smtp://host}): protocol, host, port and
 * whether TLS starts at once. Immutable.
 *
 * @param scheme {@code imap}, {@code imaps}, {@code smtp} or {@code smtps}
 * @param host the host
 * @param port the port (the scheme's default when the URL has none)
 */
public record MailUrl(String scheme, String host, int port) {

  /** True for {@code imaps} and {@code smtps}: TLS from the first byte; else STARTTLS. */
  public boolean implicitTls() {
    return scheme.endsWith("s");
  }

  /**
   * Parses {@code url} whose scheme must be {@code kind} or {@code kind + "s"}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static MailUrl parse(String url, String kind) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(kind + " URL must not be blank");
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a " + kind + " URL: " + url, e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals(kind) && !scheme.equals(kind + "s")) {
      throw new IllegalArgumentException(kind + " URL must start with " + kind + ":// or " + kind + "s://, was " + url);
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new IllegalArgumentException(kind + " URL has no host: " + url);
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException(kind + " URL must not carry a user or password (give them separately): "
          + uri.getHost());
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    if (!path.isEmpty() && !path.equals("/") || uri.getQuery() != null) {
      throw new IllegalArgumentException(kind + " URL must be scheme://host:port, without a path or query: " + url);
    }
    int port = uri.getPort();
    if (port < 0) {
      port = switch (scheme) {
        case "imap" -> 143;
        case "imaps" -> 993;
        case "smtp" -> 587;
        default -> 465;
      };
    }
    return new MailUrl(scheme, uri.getHost(), port);
  }
}
