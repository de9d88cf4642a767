package dev.emailtriage.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small JDK HttpClient wrapper for the tests: real HTTP against the server's random port. */
final class Http {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;

  Http(int port) {
    this.base = "http://localhost:" + port;
  }

  /** One answer: status, headers, body and the body as JSON. */
  record Answer(HttpResponse<String> response) {
    int status() {
      return response.statusCode();
    }

    String body() {
      return response.body();
    }

    JsonNode json() {
      return JSON.readTree(response.body());
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }
  }

  HttpRequest.Builder request(String path, String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return b;
  }

  Answer get(String path, String key) {
    return send(request(path, key).GET().build());
  }

  Answer post(String path, String key, String json) {
    return send(request(path, key).header("Content-Type", "application/json")
        .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
        .build());
  }

  Answer put(String path, String key, String json) {
    return send(request(path, key).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  static Answer send(HttpRequest request) {
    try {
      return new Answer(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A valid process request. */
  static String email(String id, String from, String receivedAt) {
    return """
        {"email_id": "%s", "from": "%s", "to": "support@biofraga.com",
         "subject": "Quanto custa o produto X?",
         "body": "Olá, gostaria de saber o preço do produto X e se há desconto para compra em quantidade.",
         "received_at": "%s"}""".formatted(id, from, receivedAt);
  }
}
