package dev.emailtriage.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A real HTTP listener (the JDK's HttpServer) that records webhook deliveries. */
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
  }

  private final HttpServer server;
  private final CopyOnWriteArrayList<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private volatile int failFirst;

  WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/hook", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      int status;
      synchronized (this) {
        if (failFirst > 0) {
          failFirst--;
          status = 503;
        } else {
          deliveries.add(new Delivery(Map.copyOf(exchange.getRequestHeaders()), body));
          status = 204;
        }
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** How many deliveries carry {@code text}. */
  long count(String text) {
    return deliveries.stream()
        .filter(d -> new String(d.body(), java.nio.charset.StandardCharsets.UTF_8).contains(text)).count();
  }

  /** The next {@code n} deliveries are refused with 503, to exercise the retries. */
  synchronized void failNext(int n) {
    failFirst = n;
  }

  /** Waits for a delivery whose body contains {@code text}. */
  Delivery await(String text, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      for (Delivery d : deliveries) {
        if (new String(d.body(), java.nio.charset.StandardCharsets.UTF_8).contains(text)) {
          return d;
        }
      }
      Thread.sleep(100);
    }
    return null;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
