package dev.emailtriage.server;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpServer;
import dev.emailtriage.server.webhook.WebhookSigner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real HTTP listener (the JDK's HttpServer) that receives webhooks as a careful receiver does: it verifies each
 * delivery with the Standard Webhooks reference library (signature over id, timestamp and body; timestamp within
 * five minutes) and refuses a {@code webhook-id} it has already accepted (a replay). Accepted deliveries are recorded.
 */
final class WebhookReceiver implements AutoCloseable {

  /** One delivery: its headers and raw body. */
  record Delivery(Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private final Webhook verifier;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final CopyOnWriteArrayList<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<String> refusals = new CopyOnWriteArrayList<>();
  private volatile int failFirst;
  private volatile boolean down;

  WebhookReceiver(String secret) {
    this.verifier = new Webhook(WebhookSigner.key(secret));
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/hook", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Delivery d = new Delivery(Map.copyOf(exchange.getRequestHeaders()), body);
      int status;
      synchronized (this) {
        if (down) {
          status = 503;
        } else if (failFirst > 0) {
          failFirst--;
          status = 503;
        } else {
          String refusal = verify(d);
          if (refusal == null) {
            deliveries.add(d);
            status = 204;
          } else {
            refusals.add(refusal);
            status = 400;
          }
        }
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  /** Why a careful receiver refuses {@code d}, or null when it accepts it (and remembers its id). */
  String verify(Delivery d) {
    try {
      verifier.verify(d.text(), HttpHeaders.of(d.headers(), (a, b) -> true));
    } catch (WebhookVerificationException e) {
      return "verification failed: " + e.getMessage();
    }
    if (!seen.add(d.header("webhook-id"))) {
      return "replay of " + d.header("webhook-id");
    }
    return null;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** How many accepted deliveries carry {@code text}. */
  long count(String text) {
    return deliveries.stream().filter(d -> d.text().contains(text)).count();
  }

  /** The accepted deliveries. */
  List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** Why deliveries were refused. */
  List<String> refusals() {
    return List.copyOf(refusals);
  }

  /** The next {@code n} deliveries are refused with 503, to exercise the retries. */
  synchronized void failNext(int n) {
    failFirst = n;
  }

  /** While down, every delivery is refused with 503. */
  synchronized void down(boolean down) {
    this.down = down;
  }

  /** Waits for an accepted delivery whose body contains {@code text}; null when none came within {@code seconds}. */
  Delivery await(String text, long seconds) {
    try {
      return Awaitility.await("a delivery with " + text).atMost(Duration.ofSeconds(seconds))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> deliveries.stream().filter(d -> d.text().contains(text)).findFirst().orElse(null),
              Objects::nonNull);
    } catch (ConditionTimeoutException e) {
      return null;
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
