package dev.emailtriage.openai.internal;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.RequestOptions;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import dev.emailtriage.Decision;
import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import dev.emailtriage.TokenUsage;
import dev.emailtriage.spi.DeciderException;
import dev.emailtriage.spi.DeciderException.Kind;
import dev.emailtriage.spi.model.AnswerParser;
import dev.emailtriage.spi.model.Deadline;
import dev.emailtriage.spi.model.DecisionSchema;
import dev.emailtriage.spi.model.InvalidAnswerException;
import dev.emailtriage.spi.model.ModelAnswer;
import dev.emailtriage.spi.model.ModelRequest;
import dev.emailtriage.spi.model.RepairRequest;
import dev.emailtriage.spi.model.RetryLoop;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does the work of {@code OpenAiDecider}: the Chat Completions request from core's {@link ModelRequest} and
 * {@link DecisionSchema}, calls within core's {@link RetryLoop}, the answer read and validated with one repair, and
 * the decision built. Thread-safe. Not API.
 */
public final class OpenAiEngine implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpenAiEngine.class);

  /** Appended to the system message in JSON-object mode, followed by the schema. */
  static final String JSON_OBJECT_INSTRUCTION = "\n\nResponda somente com um objeto JSON conforme este JSON Schema."
      + " Answer with only one JSON object matching this JSON Schema:\n";

  /**
   * What the engine needs, checked by the builder.
   *
   * @param model the model
   * @param jsonObject whether to ask for a JSON object instead of a strict JSON schema
   * @param maxTokensField whether the token limit goes in {@code max_tokens} instead of
   *     {@code max_completion_tokens}
   * @param temperature sampling temperature, or {@code null} to send none
   * @param topP nucleus sampling, or {@code null} to send none
   * @param maxOutputTokens output token limit of the first attempt
   * @param maxBodyChars the longest body sent
   * @param clock the clock the deadline is measured with
   * @param secret a value never to be shown in messages (the API key), or {@code null}
   */
  public record Settings(String model, boolean jsonObject, boolean maxTokensField, Double temperature, Double topP,
      int maxOutputTokens, int maxBodyChars, Clock clock, String secret) {

    /** Checks that nothing required is missing. */
    public Settings {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(clock, "clock");
    }
  }

  /** The server rejected {@code response_format: json_schema}; the call goes on with a JSON object. */
  private static final class SchemaRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SchemaRejected(String message) {
      super(message, null, false, false);
    }
  }

  private final OpenAIClient client;
  private final boolean ownsClient;
  private final Settings s;
  private final RetryLoop retries;
  private final AtomicBoolean jsonObject;

  /**
   * An engine.
   *
   * @param client the SDK client, its retries off
   * @param ownsClient whether {@link #close()} closes it
   * @param settings the settings
   * @param retries the retry policy
   */
  public OpenAiEngine(OpenAIClient client, boolean ownsClient, Settings settings, RetryLoop retries) {
    this.client = Objects.requireNonNull(client, "client");
    this.ownsClient = ownsClient;
    this.s = Objects.requireNonNull(settings, "settings");
    this.retries = Objects.requireNonNull(retries, "retries");
    this.jsonObject = new AtomicBoolean(settings.jsonObject());
  }

  /** The model. */
  public String model() {
    return s.model();
  }

  /** Whether calls ask for a JSON object. */
  public boolean usesJsonObject() {
    return jsonObject.get();
  }

  /** Decides one email within {@code timeLimit}; see {@code OpenAiDecider#decide}. */
  public Decision decide(Email email, Prompt prompt, Duration timeLimit) {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(prompt, "prompt");
    Deadline deadline = Deadline.after(s.clock(), timeLimit);
    ModelRequest request = ModelRequest.of(email, prompt, s.maxBodyChars());
    Usage usage = new Usage();
    ChatCompletion first = call(request, List.of(), s.maxOutputTokens(), deadline);
    usage.add(first);
    Outcome outcome = interpret(first);
    if (outcome.answer() != null) {
      return decision(outcome, first, prompt, request, usage);
    }
    LOG.debug("OpenAI answer invalid ({}); one repair attempt", outcome.problem());
    if (deadline.passed()) {
      throw new DeciderException(Kind.INVALID_RESPONSE, outcome.problem() + "; no time left for a repair attempt");
    }
    int tokens = RepairRequest.maxOutputTokens(s.maxOutputTokens(), outcome.cutAtLimit());
    ChatCompletion second = call(request,
        List.of(RepairRequest.previousAnswer(outcome.text()), RepairRequest.instruction(outcome.problem())), tokens,
        deadline);
    usage.add(second);
    Outcome repaired = interpret(second);
    if (repaired.answer() != null) {
      return decision(repaired, second, prompt, request, usage);
    }
    throw new DeciderException(Kind.INVALID_RESPONSE, "the answer was still invalid after one repair attempt: "
        + repaired.problem() + " (first answer: " + outcome.problem() + ")");
  }

  private Decision decision(Outcome o, ChatCompletion completion, Prompt prompt, ModelRequest request, Usage usage) {
    String version = read(completion::model).filter(v -> !v.isBlank()).orElse(s.model());
    return o.answer().toDecision(prompt, version, usage.toTokenUsage(), o.finishReason(), request.bodyTruncated());
  }

  /**
   * What one completion means.
   *
   * @param answer the validated answer, or {@code null}
   * @param text the message's content, or {@code null}
   * @param problem why the answer is invalid, or {@code null}
   * @param finishReason the choice's finish reason, or {@code null}
   * @param cutAtLimit whether it stopped at the token limit
   */
  record Outcome(ModelAnswer answer, String text, String problem, String finishReason, boolean cutAtLimit) {}

  /** Reads a completion; throws {@code BLOCKED} for a refusal or a content filter. */
  static Outcome interpret(ChatCompletion completion) {
    List<ChatCompletion.Choice> choices = read(completion::choices).orElse(List.of());
    if (choices.isEmpty()) {
      return new Outcome(null, null, "the server returned no choices", null, false);
    }
    ChatCompletion.Choice choice = choices.get(0);
    String finish = read(() -> choice.finishReason().asString()).orElse(null);
    Optional<String> refusal = read(() -> choice.message().refusal().orElse(null)).filter(r -> !r.isBlank());
    if (refusal.isPresent()) {
      throw new DeciderException(Kind.BLOCKED, "the model refused to answer: " + refusal.get());
    }
    if ("content_filter".equals(finish)) {
      throw new DeciderException(Kind.BLOCKED, "the answer was withheld by the server's content filter"
          + " (finish_reason content_filter)");
    }
    String text = read(() -> choice.message().content().orElse(null)).orElse(null);
    boolean cut = "length".equals(finish);
    try {
      return new Outcome(AnswerParser.parse(text), text, null, finish, cut);
    } catch (InvalidAnswerException e) {
      String problem = cut
          ? "the answer was cut at the output token limit (finish_reason length): " + e.getMessage()
          : e.getMessage();
      return new Outcome(null, text, problem, finish, cut);
    }
  }

  /** Calls Chat Completions with the retry policy, switching to a JSON object once if the server asks for it. */
  private ChatCompletion call(ModelRequest request, List<String> repair, int maxTokens, Deadline deadline) {
    try {
      return callWithRetries(request, repair, maxTokens, deadline);
    } catch (DeciderException e) {
      if (e.getCause() instanceof SchemaRejected rejected && !deadline.passed()) {
        LOG.warn("the server at model {} rejects response_format json_schema ({}); asking for a JSON object from now"
            + " on", s.model(), rejected.getMessage());
        return callWithRetries(request, repair, maxTokens, deadline);
      }
      throw e;
    }
  }

  private ChatCompletion callWithRetries(ModelRequest request, List<String> repair, int maxTokens,
      Deadline deadline) {
    int[] attempt = {0};
    return retries.run(deadline, remaining -> {
      attempt[0]++;
      boolean asObject = jsonObject.get();
      ChatCompletionCreateParams params = params(request, repair, maxTokens, asObject);
      try {
        return client.chat().completions().create(params, RequestOptions.builder().timeout(remaining).build());
      } catch (OpenAIServiceException e) {
        if (!asObject && e.statusCode() == 400 && rejectsSchema(e)) {
          jsonObject.set(true);
          throw RetryLoop.stop(new DeciderException(Kind.BAD_REQUEST, "response_format json_schema rejected",
              new SchemaRejected(redact(e.getMessage()))));
        }
        throw Failures.classify(e, s.model(), s.secret(), s.clock());
      } catch (OpenAIIoException e) {
        if (hasCause(e, InterruptedIOException.class)) {
          throw RetryLoop.stop(new DeciderException(Kind.TIMEOUT, "no answer from the server within the call's"
              + " time limit of " + deadline.limit() + " (attempt " + attempt[0] + ")", e));
        }
        throw new DeciderException(Kind.UNAVAILABLE, "network error calling the server: "
            + redact(String.valueOf(e.getMessage())), e);
      } catch (OpenAIInvalidDataException e) {
        throw new DeciderException(Kind.INVALID_RESPONSE, "the server's HTTP response body is not the expected"
            + " JSON: " + redact(String.valueOf(e.getMessage())), e);
      } catch (DeciderException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new DeciderException(Kind.INVALID_RESPONSE, "unexpected failure reading the server's response: "
            + redact(String.valueOf(e.getMessage())), e);
      }
    });
  }

  private ChatCompletionCreateParams params(ModelRequest request, List<String> repair, int maxTokens,
      boolean asObject) {
    String system = asObject
        ? request.systemInstruction() + JSON_OBJECT_INSTRUCTION + DecisionSchema.toJson(DecisionSchema.jsonSchema())
        : request.systemInstruction();
    ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder()
        .model(s.model())
        .addSystemMessage(system)
        .addUserMessage(request.userMessage());
    if (!repair.isEmpty()) {
      b.addAssistantMessage(repair.get(0)).addUserMessage(repair.get(1));
    }
    if (s.maxTokensField()) {
      // The SDK deprecates max_tokens for OpenAI; the servers that read only it still need it.
      b.putAdditionalBodyProperty("max_tokens", JsonValue.from(maxTokens));
    } else {
      b.maxCompletionTokens(maxTokens);
    }
    if (s.temperature() != null) {
      b.temperature(s.temperature());
    }
    if (s.topP() != null) {
      b.topP(s.topP());
    }
    if (asObject) {
      b.responseFormat(ResponseFormatJsonObject.builder().build());
    } else {
      ResponseFormatJsonSchema.JsonSchema.Schema.Builder schema = ResponseFormatJsonSchema.JsonSchema.Schema.builder();
      DecisionSchema.strictJsonSchema().forEach((k, v) -> schema.putAdditionalProperty(k, JsonValue.from(v)));
      b.responseFormat(ResponseFormatJsonSchema.builder()
          .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
              .name(DecisionSchema.NAME)
              .strict(true)
              .schema(schema.build())
              .build())
          .build());
    }
    return b.build();
  }

  /** A 400 that says the server does not take {@code json_schema} response formats. */
  private static boolean rejectsSchema(OpenAIServiceException e) {
    String text = (String.valueOf(e.getMessage()) + " " + e.body()).toLowerCase(Locale.ROOT);
    return (text.contains("response_format") || text.contains("json_schema"))
        && !text.contains("content_filter");
  }

  private String redact(String text) {
    return Failures.redact(text, s.secret());
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  /** A field of a lenient SDK response, empty when it is missing or of another type. */
  static <T> Optional<T> read(java.util.function.Supplier<T> field) {
    try {
      return Optional.ofNullable(field.get());
    } catch (OpenAIInvalidDataException e) {
      return Optional.empty();
    }
  }

  /** Token usage summed over the calls of one decision. Not thread-safe. */
  static final class Usage {
    private long prompt;
    private long output;
    private long reasoning;
    private long total;

    void add(ChatCompletion c) {
      Optional<CompletionUsage> u = read(() -> c.usage().orElse(null));
      if (u.isEmpty()) {
        return;
      }
      long p = read(u.get()::promptTokens).orElse(0L);
      long o = read(u.get()::completionTokens).orElse(0L);
      long r = read(() -> u.get().completionTokensDetails().flatMap(d -> d.reasoningTokens()).orElse(null))
          .orElse(0L);
      prompt += p;
      output += o;
      reasoning += r;
      total += read(u.get()::totalTokens).orElse(p + o);
    }

    /** Output tokens without reasoning ones as {@code candidates}, reasoning as {@code thoughts}. */
    TokenUsage toTokenUsage() {
      return new TokenUsage(clamp(prompt), clamp(Math.max(0, output - reasoning)), clamp(reasoning), clamp(total));
    }

    private static int clamp(long v) {
      return (int) Math.min(Integer.MAX_VALUE, Math.max(0, v));
    }
  }

  /** Closes the SDK client when this engine created it. */
  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }
}
