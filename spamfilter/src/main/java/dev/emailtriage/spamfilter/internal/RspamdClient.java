package dev.emailtriage.spamfilter.internal;

import dev.emailtriage.spi.model.JsonText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A client of Rspamd's HTTP API ({@code POST /checkv2} with the raw message as the body, a JSON reply with
 * {@code action}, {@code score}, {@code required_score} and {@code symbols}). Its own verdict is spam when the action
 * is {@code reject}, {@code add header} or {@code rewrite subject}; {@code no action}, {@code greylist} and
 * {@code soft reject} are not. Immutable and thread-safe (one shared {@link HttpClient}).
 */
public final class RspamdClient {

  private static final Set<String> SPAM_ACTIONS = Set.of("reject", "add header", "rewrite subject");
  private static final int MAX_REPLY_CHARS = 1024 * 1024;

  private final URI checkUri;
  private final HttpClient http;

  /** A client of the Rspamd whose base URL is {@code baseUrl} ({@code http://127.0.0.1:11333}). */
  public RspamdClient(URI baseUrl) {
    String base = baseUrl.toString();
    this.checkUri = URI.create(base.endsWith("/") ? base + "checkv2" : base + "/checkv2");
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** The URL asked, for messages. */
  public String address() {
    return checkUri.toString();
  }

  /**
   * Asks Rspamd about {@code message}, giving up at {@code deadlineNanos} ({@link System#nanoTime()} scale).
   *
   * @throws HttpTimeoutException when the deadline passes
   * @throws SpamFilterException when Rspamd answers an error status or a reply without a verdict
   * @throws IOException when the connection fails
   */
  public FilterVerdict check(byte[] message, long deadlineNanos) throws IOException {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      throw new HttpTimeoutException("deadline passed");
    }
    HttpRequest request = HttpRequest.newBuilder(checkUri)
        .timeout(Duration.ofNanos(left))
        .header("Content-Type", "message/rfc822")
        .POST(HttpRequest.BodyPublishers.ofByteArray(message))
        .build();
    HttpResponse<String> response;
    try {
      response = sendWithin(request, deadlineNanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking Rspamd", e);
    }
    if (response.statusCode() != 200) {
      throw new SpamFilterException("Rspamd answered HTTP " + response.statusCode());
    }
    return parse(response.body());
  }

  private HttpResponse<String> sendWithin(HttpRequest request, long deadlineNanos)
      throws IOException, InterruptedException {
    // HttpRequest.timeout bounds the wait for the response headers; the whole exchange is bounded here too.
    var future = http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    try {
      long left = deadlineNanos - System.nanoTime();
      return future.get(Math.max(1, left), java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      future.cancel(true);
      throw new HttpTimeoutException("Rspamd did not answer before the deadline");
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException("asking Rspamd failed: " + cause, cause);
    }
  }

  /** The verdict in an Rspamd {@code checkv2} JSON reply. */
  static FilterVerdict parse(String body) throws SpamFilterException {
    if (body.length() > MAX_REPLY_CHARS) {
      throw new SpamFilterException("Rspamd reply longer than " + MAX_REPLY_CHARS + " characters");
    }
    Object parsed;
    try {
      parsed = JsonText.parse(body);
    } catch (JsonText.SyntaxException e) {
      throw new SpamFilterException("Rspamd reply is not JSON: " + e.getMessage());
    }
    if (!(parsed instanceof Map<?, ?> reply)) {
      throw new SpamFilterException("Rspamd reply is not a JSON object");
    }
    if (Boolean.TRUE.equals(reply.get("is_skipped"))) {
      throw new SpamFilterException("Rspamd skipped the message");
    }
    if (!(reply.get("action") instanceof String action) || !(reply.get("score") instanceof Number score)) {
      throw new SpamFilterException("Rspamd reply without action and score");
    }
    double required = reply.get("required_score") instanceof Number r ? r.doubleValue() : Double.NaN;
    List<String> symbols = new ArrayList<>();
    if (reply.get("symbols") instanceof Map<?, ?> map) {
      map.keySet().forEach(k -> symbols.add(String.valueOf(k)));
    }
    return new FilterVerdict(SPAM_ACTIONS.contains(action), score.doubleValue(), required, action, symbols);
  }
}
