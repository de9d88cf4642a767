package dev.emailtriage.gemini;

import static dev.emailtriage.gemini.TestSupport.JSON;
import static dev.emailtriage.gemini.TestSupport.fixture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emailtriage.Email;
import dev.emailtriage.EmailMetadata;
import dev.emailtriage.Priority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * Batch API bodies for the tests, built from the recorded ones in {@code src/test/resources/gemini/batch/} (see the
 * README there for what is recorded and what is derived).
 */
final class BatchFixtures {

  /** The batch name of the recorded session. */
  static final String BATCH_NAME = "batches/4m855v7q30kc7gtzcigdg9m72o87s08w33vp";
  static final String CREATE_PATH = "/v1beta/models/gemini-2.5-flash:batchGenerateContent";
  static final String GET_PATH = "/v1beta/" + BATCH_NAME;

  static final String PENDING = "batch/recorded-batchGenerateContent-pending.json";
  static final String RUNNING = "batch/recorded-batches-get-running.json";
  static final String SUCCEEDED = "batch/recorded-batches-get-succeeded.json";

  private BatchFixtures() {}

  /** One inlined response of a batch: a recorded generateContent body (or an error) and its metadata key. */
  record Entry(String key, String responseBody, String errorBody) {
    static Entry response(String key, String generateContentBody) {
      return new Entry(key, generateContentBody, null);
    }

    static Entry error(String key, int grpcCode, String message) {
      return new Entry(key, null, "{\"code\":" + grpcCode + ",\"message\":\"" + message + "\"}");
    }
  }

  /**
   * The recorded succeeded body with its inlined responses (in {@code metadata.output} and in {@code response},
   * as the API returns them) replaced by {@code entries}, in the given order.
   */
  static String succeeded(List<Entry> entries) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(fixture(SUCCEEDED));
      ArrayNode list = JSON.createArrayNode();
      for (Entry e : entries) {
        ObjectNode item = JSON.createObjectNode();
        if (e.responseBody() != null) {
          item.set("response", JSON.readTree(e.responseBody()));
        }
        if (e.errorBody() != null) {
          item.set("error", JSON.readTree(e.errorBody()));
        }
        if (e.key() != null) {
          item.set("metadata", JSON.createObjectNode().put("key", e.key()));
        }
        list.add(item);
      }
      ((ObjectNode) root.at("/metadata/output/inlinedResponses")).set("inlinedResponses", list);
      ((ObjectNode) root.at("/response/inlinedResponses")).set("inlinedResponses", list.deepCopy());
      ((ObjectNode) root.get("metadata")).set("batchStats", JSON.createObjectNode()
          .put("requestCount", String.valueOf(entries.size()))
          .put("successfulRequestCount", String.valueOf(entries.size())));
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The recorded running body with another terminal {@code state} ({@code BATCH_STATE_FAILED},
   * {@code BATCH_STATE_CANCELLED}, {@code BATCH_STATE_EXPIRED}) and {@code done: true}; no such body was recorded.
   */
  static String ended(String state) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(fixture(RUNNING));
      ((ObjectNode) root.get("metadata")).put("state", state);
      root.put("done", true);
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Email email(String id, String subject, String body) {
    return Email.builder()
        .emailId(id)
        .from("cliente@example.com")
        .to("support@biofraga.com")
        .subject(subject)
        .body(body)
        .receivedAt(Instant.parse("2025-01-15T10:30:00Z"))
        .metadata(EmailMetadata.of(Priority.NORMAL, List.of("INBOX")))
        .build();
  }

  static List<Email> threeEmails() {
    return List.of(
        email("msg-price", "Quanto custa o produto X?", "Olá, gostaria de saber o preço do produto X."),
        email("msg-news", "Novidades de novembro", "Confira as ofertas da semana na nossa loja."),
        email("msg-notif", "Seu pedido foi enviado", "Seu pedido 123 foi enviado e chega em 3 dias."));
  }

  static JsonNode readTree(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
