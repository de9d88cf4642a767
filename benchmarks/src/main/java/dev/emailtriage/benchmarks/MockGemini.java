package dev.emailtriage.benchmarks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the Gemini API, in its own JVM so that it weighs on no measured system's heap: WireMock answers
 * {@code POST /v1beta/models/*:generateContent} after a fixed delay with a valid decision — {@code ignore}
 * (newsletter) when the request mentions "unsubscribe", else {@code respond} (question) with a draft. Every
 * request WireMock receives is counted; {@code GET http://127.0.0.1:<count port>/count} returns the count.
 *
 * <p>With a fault share above zero, that share of the calls (chosen at random, seeded) gets, in equal parts: a 429
 * RESOURCE_EXHAUSTED (the recorded body, with {@code retryDelay} 1s), a 503 UNAVAILABLE (the recorded body), no
 * answer for {@code hangMs} (a timeout for any client with a shorter deadline) or garbage (a 200 whose body is not
 * JSON). {@code GET /faults} on the count port returns how many of each were served.
 *
 * <p>Tokens: every successful answer carries a {@code usageMetadata} computed from its request, with Google's
 * documented rule of thumb of about four characters per token (ai.google.dev, "Understand and count tokens"; no
 * tokenizer is available offline): {@code promptTokenCount} = ceil(characters / 4) of the system instruction's and
 * the contents' text parts plus the response schema's JSON (the schema counts as input on the real API);
 * {@code candidatesTokenCount} = ceil(characters / 4) of the answer's text. Characters are Unicode code points. No
 * thinking tokens are modelled. The totals of the billed (200, non-garbage) answers are returned by
 * {@code GET /tokens} on the count port as {@code input output billed}.
 *
 * <p>The same server also answers OpenAI's Chat Completions ({@link MockOpenAi}: {@code POST /v1/chat/completions},
 * same delay, same faults in OpenAI's error format, tokens counted with OpenAI's tokenizer). A cheap model
 * ({@code gemini-2.5-flash-lite}, {@code gpt-4.1-mini}...) is unsure of a deterministic share of the mail
 * ({@link MockAnswers}; on Gemini the model is the one named in the URL). {@code GET /usage} on the count port returns
 * one line per model: {@code model calls input output estimated-input estimated-output} (the estimates are
 * ceil(characters / 4), the same as the counts for Gemini).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.emailtriage.benchmarks.MockGemini [delayMs [faultShare [hangMs
 * [lowConfidenceShare [cheapModel,...]]]]]}; prints {@code READY <wiremock port> <count port>} once it listens. The
 * request journal is off (it would hold every request body).
 */
public final class MockGemini {

  private MockGemini() {}

  public static void main(String[] args) throws IOException {
    int delayMs = args.length > 0 ? Integer.parseInt(args[0]) : 800;
    double faultShare = args.length > 1 ? Double.parseDouble(args[1]) : 0;
    int hangMs = args.length > 2 ? Integer.parseInt(args[2]) : 30_000;
    double lowShare = args.length > 3 ? Double.parseDouble(args[3]) : MockAnswers.DEFAULT_LOW_SHARE;
    java.util.Set<String> cheap = args.length > 4 ? java.util.Set.of(args[4].split(","))
        : MockAnswers.DEFAULT_CHEAP_MODELS;
    AtomicLong received = new AtomicLong();
    Faults faults = new Faults(faultShare, hangMs, new MockAnswers(lowShare, cheap));
    WireMockServer server = server(delayMs, faults, received);
    server.start();

    HttpServer counter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    counter.createContext("/count", exchange -> {
      byte[] body = Long.toString(received.get()).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    counter.createContext("/tokens", exchange -> {
      byte[] body = faults.tokens().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    counter.createContext("/usage", exchange -> {
      byte[] body = faults.usage().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    counter.createContext("/faults", exchange -> {
      byte[] body = faults.counts().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    counter.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      counter.stop(0);
      server.stop();
    }));
    System.out.println("READY " + server.port() + " " + counter.getAddress().getPort());
    System.out.flush();
  }

  /** The mock's WireMock server (not started), answering after {@code delayMs}, counting into {@code received}. */
  static WireMockServer server(int delayMs, Faults faults, AtomicLong received) {
    WireMockServer server = new WireMockServer(WireMockConfiguration.options()
        .extensions(faults)
        .bindAddress("127.0.0.1").dynamicPort()
        .containerThreads(200).jettyAcceptors(2)
        .asynchronousResponseEnabled(true).asynchronousResponseThreads(64)
        .disableRequestJournal());
    server.addMockServiceRequestListener((request, response) -> received.incrementAndGet());
    server.stubFor(post(urlPathMatching("/v1beta/models/[^/:]+:generateContent")).atPriority(1)
        .withRequestBody(matching("(?is).*unsubscribe.*"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody(response(MockAnswers.ignoreAnswer())).withFixedDelay(delayMs)));
    server.stubFor(post(urlPathMatching("/v1beta/models/[^/:]+:generateContent")).atPriority(5)
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody(response(MockAnswers.respondAnswer())).withFixedDelay(delayMs)));
    MockOpenAi.stub(server, delayMs);
    return server;
  }

  /** Turns a share of the answers into failures, and counts the tokens of the others. Thread-safe. */
  static final class Faults implements ResponseDefinitionTransformerV2 {
    static final String TOO_MANY = "{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota, please "
        + "check your plan and billing details.\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
        + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"1s\"}]}}";
    static final String OVERLOADED = "{\"error\":{\"code\":503,\"message\":\"The model is overloaded. Please try "
        + "again later.\",\"status\":\"UNAVAILABLE\"}}";

    private final double share;
    private final int hangMs;
    private final java.util.Random random = new java.util.Random(8);
    private final AtomicLong[] served = {new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong()};
    private final AtomicLong inputTokens = new AtomicLong();
    private final AtomicLong outputTokens = new AtomicLong();
    private final AtomicLong billed = new AtomicLong();
    private final MockAnswers answers;
    /** Per model: calls, input, output, estimated input, estimated output. Guarded by itself. */
    private final java.util.Map<String, long[]> byModel = new java.util.TreeMap<>();
    /** The last request billed (for tests). */
    volatile String lastRequest;

    Faults(double share, int hangMs, MockAnswers answers) {
      this.share = share;
      this.hangMs = hangMs;
      this.answers = answers;
    }

    @Override
    public String getName() {
      return "gemini-faults";
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      ResponseDefinition normal = event.getResponseDefinition();
      String url = event.getRequest().getUrl();
      boolean openAi = MockOpenAi.handles(url);
      int kind;
      synchronized (random) {
        if (share <= 0 || random.nextDouble() >= share) {
          String body = event.getRequest().getBodyAsString();
          return openAi ? openAiAnswer(body, normal) : withUsage(url, body, normal);
        }
        kind = random.nextInt(4);
      }
      served[kind].incrementAndGet();
      if (openAi) {
        return switch (kind) {
          case 0 -> aResponse().withStatus(429).withHeader("Content-Type", "application/json")
              .withHeader("retry-after", "1").withBody(MockOpenAi.TOO_MANY).withFixedDelay(20).build();
          case 1 -> aResponse().withStatus(503).withHeader("Content-Type", "application/json")
              .withBody(MockOpenAi.OVERLOADED).withFixedDelay(20).build();
          case 2 -> aResponse().withStatus(200).withHeader("Content-Type", "application/json")
              .withBody(MockOpenAi.completion("gpt-4.1-mini", MockAnswers.respondAnswer(), 1, 1)).withFixedDelay(hangMs).build();
          default -> aResponse().withStatus(200).withHeader("Content-Type", "application/json")
              .withBody("<html><body>upstream error</body></html>").withFixedDelay(20).build();
        };
      }
      return switch (kind) {
        case 0 -> aResponse().withStatus(429).withHeader("Content-Type", "application/json").withBody(TOO_MANY)
            .withFixedDelay(20).build();
        case 1 -> aResponse().withStatus(503).withHeader("Content-Type", "application/json").withBody(OVERLOADED)
            .withFixedDelay(20).build();
        case 2 -> aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody(response(MockAnswers.respondAnswer())).withFixedDelay(hangMs).build();
        default -> aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("<html><body>upstream error</body></html>").withFixedDelay(20).build();
      };
    }

    /**
     * The Gemini answer with a {@code usageMetadata} computed from the request, unsure when the model of the URL is
     * cheap and the email chosen ({@link MockAnswers}); counted.
     */
    private ResponseDefinition withUsage(String url, String request, ResponseDefinition normal) {
      try {
        JsonNode req = MockAnswers.JSON.readTree(request);
        int input = Tokens.input(req);
        lastRequest = request;
        String model = geminiModel(url);
        ObjectNode answer = (ObjectNode) MockAnswers.JSON.readTree(normal.getBody());
        ObjectNode part = (ObjectNode) answer.path("candidates").path(0).path("content").path("parts").path(0);
        String text = answers.adjust(model, part.path("text").asText(""), Tokens.userText(req));
        part.put("text", text);
        int output = MockAnswers.estimateTokens(text);
        answer.putObject("usageMetadata").put("promptTokenCount", input).put("candidatesTokenCount", output)
            .put("totalTokenCount", input + output);
        answer.put("modelVersion", model);
        bill(model, input, output, input, output);
        return ResponseDefinitionBuilder.like(normal)
            .withBody(answer.toString()).build();
      } catch (IOException e) {
        return normal; // not a JSON request: answered as before, not counted
      }
    }

    /** A Chat Completions answer for {@code request} with its {@code usage} ({@link MockOpenAi}); counted. */
    private ResponseDefinition openAiAnswer(String request, ResponseDefinition normal) {
      try {
        JsonNode req = MockAnswers.JSON.readTree(request);
        lastRequest = request;
        String model = MockOpenAi.model(req);
        String text = answers.answer(model, request, MockOpenAi.userText(req));
        int input = MockOpenAi.Tokens.input(req);
        int output = MockOpenAi.Tokens.count(text);
        bill(model, input, output, MockOpenAi.Tokens.estimate(req), MockAnswers.estimateTokens(text));
        return ResponseDefinitionBuilder.like(normal)
            .withBody(MockOpenAi.completion(model, text, input, output)).build();
      } catch (IOException e) {
        return aResponse().withStatus(400).withHeader("Content-Type", "application/json")
            .withBody("{\"error\":{\"message\":\"We could not parse the JSON body of your request.\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}").build();
      }
    }

    private void bill(String model, int input, int output, int estimatedInput, int estimatedOutput) {
      inputTokens.addAndGet(input);
      outputTokens.addAndGet(output);
      billed.incrementAndGet();
      synchronized (byModel) {
        long[] u = byModel.computeIfAbsent(model, k -> new long[5]);
        u[0]++;
        u[1] += input;
        u[2] += output;
        u[3] += estimatedInput;
        u[4] += estimatedOutput;
      }
    }

    /** The model of a generateContent URL ({@code /v1beta/models/<model>:generateContent}). */
    static String geminiModel(String url) {
      int from = url.indexOf("/models/");
      int to = url.indexOf(':', from);
      return from < 0 || to < 0 ? "" : url.substring(from + "/models/".length(), to);
    }

    String tokens() {
      return inputTokens.get() + " " + outputTokens.get() + " " + billed.get();
    }

    /** One line per model: {@code model calls input output estimated-input estimated-output}. */
    String usage() {
      StringBuilder out = new StringBuilder();
      synchronized (byModel) {
        byModel.forEach((model, u) -> out.append(model).append(' ').append(u[0]).append(' ').append(u[1])
            .append(' ').append(u[2]).append(' ').append(u[3]).append(' ').append(u[4]).append('\n'));
      }
      return out.toString();
    }

    String counts() {
      return "{\"429\": " + served[0].get() + ", \"503\": " + served[1].get() + ", \"hang\": " + served[2].get()
          + ", \"garbage\": " + served[3].get() + "}";
    }
  }

  /** The token counts the mock bills: about four characters per token (Google's documented rule of thumb). */
  static final class Tokens {
    private Tokens() {}

    /** The text of a generateContent request's contents (the user turn: the email between its markers). */
    static String userText(JsonNode request) {
      StringBuilder text = new StringBuilder();
      for (JsonNode content : request.path("contents")) {
        for (JsonNode part : content.path("parts")) {
          text.append(part.path("text").asText(""));
        }
      }
      return text.toString();
    }

    /** The input tokens of a generateContent request: instruction and contents text, plus the response schema. */
    static int input(JsonNode request) {
      StringBuilder text = new StringBuilder();
      for (JsonNode part : request.path("systemInstruction").path("parts")) {
        text.append(part.path("text").asText(""));
      }
      for (JsonNode content : request.path("contents")) {
        for (JsonNode part : content.path("parts")) {
          text.append(part.path("text").asText(""));
        }
      }
      JsonNode config = request.path("generationConfig");
      for (String schema : new String[] {"responseSchema", "responseJsonSchema", "response_schema",
          "response_json_schema"}) {
        if (config.has(schema)) {
          text.append(config.get(schema).toString());
        }
      }
      return MockAnswers.estimateTokens(text.toString());
    }
  }

  /** A Gemini Developer API generateContent response carrying {@code text}. */
  static String response(String text) {
    ObjectNode r = MockAnswers.JSON.createObjectNode();
    ObjectNode candidate = r.putArray("candidates").addObject();
    candidate.putObject("content").put("role", "model").putArray("parts").addObject().put("text", text);
    candidate.put("finishReason", "STOP").put("index", 0);
    r.putObject("usageMetadata").put("promptTokenCount", 900).put("candidatesTokenCount", 80)
        .put("totalTokenCount", 980);
    r.put("modelVersion", "gemini-2.5-flash").put("responseId", "mock");
    return r.toString();
  }
}
