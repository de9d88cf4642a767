package dev.emailtriage.benchmarks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The OpenAI Chat Completions API as the mock model process (MockGemini's JVM) serves it beside Gemini's:
 * {@code POST /v1/chat/completions} answers after the same fixed delay with a chat completion object in the API's
 * real shape (the one of {@code openai-adapter}'s test fixture {@code completion-template.json}: {@code chatcmpl-}
 * id, {@code object}, {@code created}, the dated model snapshot, one choice with {@code message.content},
 * {@code refusal: null}, {@code finish_reason: stop}, {@code usage} with its details, {@code service_tier},
 * {@code system_fingerprint}). The decision in {@code content} is {@link MockAnswers}'.
 *
 * <p>Tokens ({@code usage}), computed from the request with the tokenizer of the GPT-4o and GPT-4.1 families,
 * {@code o200k_base} (JTokkit, offline), the way OpenAI's cookbook "How to count tokens with tiktoken" counts a chat
 * request: 3 tokens per message plus the tokens of its role and content, plus 3 that prime the reply;
 * {@code completion_tokens} = the tokens of the answer's content. The strict JSON schema of {@code response_format}
 * is billed as input too, but how OpenAI renders it into the prompt is not published: the mock adds the tokens of its
 * JSON (compact), an estimate. No reasoning tokens (these models do not reason), no cached tokens (OpenAI caches
 * prefixes of 1,024 tokens and more at a discount; not modelled). For comparison with Gemini's estimate each call also
 * records ceil(characters / 4) of the same texts.
 */
final class MockOpenAi {

  /** The path the SDK calls under a base URL ending in {@code /v1}. */
  static final String PATH = "/v1/chat/completions";
  static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  /** The dated snapshot the API names in its answer for an alias (as it does for these models). */
  private static final Map<String, String> SNAPSHOTS = Map.of(
      "gpt-4.1", "gpt-4.1-2025-04-14",
      "gpt-4.1-mini", "gpt-4.1-mini-2025-04-14",
      "gpt-4.1-nano", "gpt-4.1-nano-2025-04-14",
      "gpt-4o-mini", "gpt-4o-mini-2024-07-18",
      "gpt-4o", "gpt-4o-2024-08-06");
  private static final AtomicLong IDS = new AtomicLong();

  private MockOpenAi() {}

  /** Adds the Chat Completions stub (its body is made per request by the mock's response transformer). */
  static void stub(WireMockServer server, int delayMs) {
    server.stubFor(post(urlPathEqualTo(PATH)).atPriority(1)
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{}").withFixedDelay(delayMs)));
  }

  /** Whether a request path is this API's. */
  static boolean handles(String url) {
    return url.startsWith(PATH);
  }

  /** The model a request asks for. */
  static String model(JsonNode request) {
    return request.path("model").asText("");
  }

  /** The text of the first user message (the email between its markers). */
  static String userText(JsonNode request) {
    for (JsonNode m : request.path("messages")) {
      if ("user".equals(m.path("role").asText())) {
        return content(m);
      }
    }
    return "";
  }

  /** A chat completion object carrying {@code text}, billed with {@code input} and {@code output} tokens. */
  static String completion(String model, String text, int input, int output) {
    ObjectNode r = MockAnswers.JSON.createObjectNode();
    r.put("id", "chatcmpl-mock" + IDS.incrementAndGet()).put("object", "chat.completion")
        .put("created", 1764460800L).put("model", SNAPSHOTS.getOrDefault(model, model));
    ObjectNode choice = r.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant").put("content", text).putNull("refusal");
    message.putArray("annotations");
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    ObjectNode usage = r.putObject("usage");
    usage.put("prompt_tokens", input).put("completion_tokens", output).put("total_tokens", input + output);
    usage.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
    usage.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
        .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
    r.put("service_tier", "default").put("system_fingerprint", "fp_mock");
    return r.toString();
  }

  /** OpenAI's 429 body (the recorded one of {@code openai-adapter}'s fixtures), sent with {@code retry-after: 1}. */
  static final String TOO_MANY = "{\"error\":{\"message\":\"Rate limit reached for gpt-4.1-mini in organization "
      + "org-XXXXXXXXXXXXXXXXXXXXXXXX on tokens per min (TPM): Limit 10000, Used 9524, Requested 497. Please try "
      + "again in 1s.\",\"type\":\"tokens\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
  /** OpenAI's 503 body. */
  static final String OVERLOADED = "{\"error\":{\"message\":\"The engine is currently overloaded, please try again "
      + "later\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";

  /** Token counts of Chat Completions requests and answers (see the class comment). */
  static final class Tokens {
    private Tokens() {}

    static int count(String text) {
      return O200K.countTokensOrdinary(text);
    }

    /** {@code prompt_tokens} of a request: messages as the cookbook counts them, plus the response schema. */
    static int input(JsonNode request) {
      int n = 3;
      for (JsonNode m : request.path("messages")) {
        n += 3 + count(m.path("role").asText("")) + count(content(m));
        if (m.hasNonNull("name")) {
          n += 1 + count(m.path("name").asText());
        }
      }
      return n + count(schema(request));
    }

    /** ceil(characters / 4) of the same texts (no per-message tokens): Gemini's rule of thumb, for comparison. */
    static int estimate(JsonNode request) {
      StringBuilder text = new StringBuilder();
      for (JsonNode m : request.path("messages")) {
        text.append(content(m));
      }
      return MockAnswers.estimateTokens(text.append(schema(request)).toString());
    }

    private static String schema(JsonNode request) {
      JsonNode format = request.path("response_format");
      return "json_schema".equals(format.path("type").asText()) ? format.path("json_schema").toString() : "";
    }
  }

  /** A message's content: a string, or the text of its parts. */
  private static String content(JsonNode message) {
    JsonNode c = message.path("content");
    if (c.isTextual()) {
      return c.asText();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : c) {
      text.append(part.path("text").asText(""));
    }
    return text.toString();
  }
}
