package dev.emailtriage.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.emailtriage.Decision;
import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import dev.emailtriage.openai.internal.OpenAiEngine;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DeciderException;
import dev.emailtriage.spi.model.ModelEnvironment;
import dev.emailtriage.spi.model.RetryLoop;
import dev.emailtriage.spi.model.Sleeper;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@link Decider} that asks an OpenAI model, or any server speaking OpenAI's Chat Completions API (Azure OpenAI,
 * Ollama, vLLM, llama.cpp's server, LM Studio, OpenRouter), through the official {@code com.openai:openai-java}
 * SDK. Thread-safe: one instance serves every thread; how many calls run at once is the pipeline's choice.
 *
 * <p>Each call sends the prompt as the system message (with the prompt-injection guard), the email between
 * random-token markers as the user message, and the decision's schema as {@code response_format}: a strict JSON
 * schema ({@link ResponseFormat#JSON_SCHEMA}, OpenAI's Structured Outputs), or for servers without strict schemas a
 * JSON object with the schema written into the system message ({@link ResponseFormat#JSON_OBJECT}); a server that
 * rejects {@code json_schema} with a 400 naming it is asked again at once with a JSON object, and from then on.
 * The answer is validated by core's parser; an invalid answer gets one repair attempt, an answer cut by
 * {@code finish_reason: length} one repair with twice the tokens. A refusal ({@code message.refusal}) or a content
 * filter ({@code finish_reason: content_filter}, or Azure's 400 {@code content_filter}) fails with
 * {@code BLOCKED}. The SDK's own retries are off; ours retry 429 (waiting {@code retry-after-ms},
 * {@code Retry-After} or {@code x-ratelimit-reset-*}), 5xx and network errors with jitter, never past the call's
 * time limit, and never 4xx. Token usage goes into the decision.
 *
 * <pre>{@code
 * OpenAiDecider decider = OpenAiDecider.builder()
 *     .apiKey(System.getenv("OPENAI_API_KEY"))
 *     .model("gpt-4o-mini")
 *     .build();
 * // a local model: .baseUrl("http://localhost:11434/v1").apiKey("ollama").model("llama3.1:8b")
 * }</pre>
 */
public final class OpenAiDecider implements Decider, AutoCloseable {

  /** The default model. */
  public static final String DEFAULT_MODEL = "gpt-4o-mini";
  /** OpenAI's API address, with its {@code /v1}, used when no base URL is set. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  /** How the answer's shape is asked for. */
  public enum ResponseFormat {
    /**
     * {@code response_format: {type: json_schema, json_schema: {strict: true, ...}}}: OpenAI's Structured Outputs,
     * also served by vLLM, Ollama (0.5+), llama.cpp's server, LM Studio and many OpenRouter models.
     */
    JSON_SCHEMA,
    /**
     * {@code response_format: {type: json_object}} with the schema written into the system message, for servers
     * without strict schemas; core's validation and the repair attempt still apply.
     */
    JSON_OBJECT
  }

  /** Which request field carries the output token limit. */
  public enum TokenLimitParameter {
    /** {@code max_completion_tokens}, what OpenAI's current models (reasoning models too) take; the default for
     * OpenAI's own API. */
    MAX_COMPLETION_TOKENS,
    /** {@code max_tokens}, the older field Ollama, LM Studio and llama.cpp's server read; the default for any other
     * base URL. */
    MAX_TOKENS;

    /**
     * The default for a base URL: {@link #MAX_COMPLETION_TOKENS} for OpenAI's API ({@code null} or host
     * {@code api.openai.com}), else {@link #MAX_TOKENS}.
     *
     * @param baseUrl the base URL, or {@code null} for OpenAI's
     * @return the field to use
     */
    public static TokenLimitParameter forBaseUrl(String baseUrl) {
      if (baseUrl == null) {
        return MAX_COMPLETION_TOKENS;
      }
      String host;
      try {
        host = URI.create(baseUrl.strip()).getHost();
      } catch (IllegalArgumentException e) {
        host = null;
      }
      return "api.openai.com".equalsIgnoreCase(host) ? MAX_COMPLETION_TOKENS : MAX_TOKENS;
    }
  }

  private final OpenAiEngine engine;
  private final Duration timeout;

  private OpenAiDecider(OpenAiEngine engine, Duration timeout) {
    this.engine = engine;
    this.timeout = timeout;
  }

  /**
   * A builder with the defaults: model {@value #DEFAULT_MODEL}, base URL {@value #DEFAULT_BASE_URL}, strict JSON
   * schema, temperature 0.3, 1000 output tokens (as {@code max_completion_tokens} for OpenAI, {@code max_tokens}
   * elsewhere), a 30 s time limit for direct calls, 3 retries, bodies capped at 10,000 characters.
   *
   * @return a new builder; an API key (or a client) must still be given
   */
  public static Builder builder() {
    return new Builder(null);
  }

  /**
   * A builder seeded from the process environment: {@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL} (with its
   * {@code /v1}) and {@code EMAILTRIAGE_MODEL}.
   *
   * @return a builder; its setters may still set each value once
   * @throws IllegalArgumentException naming {@code OPENAI_BASE_URL} when it is not an http(s) URL
   */
  public static Builder fromEnvironment() {
    return fromEnvironment(System::getenv);
  }

  /**
   * A builder seeded from {@code environment}, a lookup of environment variables by name; see
   * {@link #fromEnvironment()}.
   *
   * @param environment returns a variable's value, or {@code null} when it is not set
   * @return a builder
   * @throws IllegalArgumentException naming {@code OPENAI_BASE_URL} when it is not an http(s) URL
   */
  public static Builder fromEnvironment(Function<String, String> environment) {
    return new Builder(Objects.requireNonNull(environment, "environment"));
  }

  /**
   * Decides {@code email} within {@link Builder#timeout(Duration)}; see {@link #decide(Email, Prompt, Duration)}.
   *
   * @param email the email
   * @param prompt the prompt whose text becomes the system message; its id and version are recorded
   * @return a decision with source {@code MODEL}, the model version, token usage and finish reason
   * @throws DeciderException as {@link #decide(Email, Prompt, Duration)}
   */
  @Override
  public Decision decide(Email email, Prompt prompt) {
    return engine.decide(email, prompt, timeout);
  }

  /**
   * Decides {@code email} under {@code prompt} with one call (two when the answer needs a repair), retries
   * included, within {@code timeLimit}.
   *
   * @param email the email
   * @param prompt the prompt whose text becomes the system message; its id and version are recorded
   * @param timeLimit the time this call may take, positive
   * @return a decision with source {@code MODEL}, the model version, token usage and finish reason
   * @throws DeciderException {@code RATE_LIMITED}, {@code UNAVAILABLE}, {@code TIMEOUT} or
   *     {@code INVALID_RESPONSE} (retryable later), {@code BLOCKED} (refusal, content filter),
   *     {@code UNAUTHORIZED} or {@code BAD_REQUEST}
   */
  @Override
  public Decision decide(Email email, Prompt prompt, Duration timeLimit) {
    return engine.decide(email, prompt, timeLimit);
  }

  /**
   * The name used in logs and metrics; also OpenTelemetry's {@code gen_ai.provider.name} for OpenAI.
   *
   * @return {@code openai}
   */
  @Override
  public String name() {
    return "openai";
  }

  /**
   * The scope of this decider's decisions in the similar-email cache.
   *
   * @return {@code openai:} and the model, e.g. {@code openai:gpt-4o-mini}
   */
  @Override
  public String cacheScope() {
    return name() + ":" + model();
  }

  /**
   * The model this decider asks.
   *
   * @return the model name
   */
  public String model() {
    return engine.model();
  }

  /**
   * Whether calls currently use the JSON-object fallback (configured, or after a server rejected strict schemas).
   *
   * @return true when {@code response_format} is {@code json_object}
   */
  public boolean usesJsonObjectFallback() {
    return engine.usesJsonObject();
  }

  /** Releases the SDK client's connections, unless it was given through {@link Builder#client(OpenAIClient)}. */
  @Override
  public void close() {
    engine.close();
  }

  /**
   * Builds an {@link OpenAiDecider}; not thread-safe. Every setter checks its argument at once
   * ({@link IllegalArgumentException} naming the setting) and may be called once ({@link IllegalStateException});
   * {@link #build()} throws {@link IllegalStateException} naming what is missing or conflicting.
   */
  public static final class Builder {
    private final boolean fromEnvironment;
    private final Set<String> set = new HashSet<>();
    private String apiKey;
    private String baseUrl;
    private OpenAIClient client;
    private String model = DEFAULT_MODEL;
    private ResponseFormat responseFormat = ResponseFormat.JSON_SCHEMA;
    private TokenLimitParameter tokenLimitParameter;
    private Double temperature = 0.3;
    private Double topP;
    private int maxOutputTokens = 1000;
    private Duration timeout = Duration.ofSeconds(30);
    private int maxRetries = 3;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private int maxBodyChars = 10_000;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();

    private Builder(Function<String, String> environment) {
      this.fromEnvironment = environment != null;
      if (environment != null) {
        this.apiKey = ModelEnvironment.openAiApiKey(environment);
        String url = ModelEnvironment.value(environment, ModelEnvironment.OPENAI_BASE_URL);
        this.baseUrl = url == null ? null : checkedBaseUrl(ModelEnvironment.OPENAI_BASE_URL, url);
        String m = ModelEnvironment.value(environment, ModelEnvironment.MODEL);
        if (m != null) {
          this.model = checkedModel(ModelEnvironment.MODEL, m);
        }
      }
    }

    private void once(String setting) {
      if (!set.add(setting)) {
        throw new IllegalStateException(setting + " was already set");
      }
    }

    private static void require(boolean condition, String message) {
      if (!condition) {
        throw new IllegalArgumentException(message);
      }
    }

    private static String checkedModel(String setting, String model) {
      require(model != null && !model.isBlank() && !model.matches(".*\\s.*"),
          setting + " must be a non-blank model name without whitespace, was '" + model + "'");
      return model.strip();
    }

    private static String checkedBaseUrl(String setting, String value) {
      String problem;
      try {
        URI uri = new URI(value == null ? "" : value.strip());
        problem = uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
            ? "scheme must be http or https" : uri.getHost() == null ? "no host"
            : uri.getRawQuery() != null || uri.getRawFragment() != null ? "has a query or fragment" : null;
      } catch (URISyntaxException e) {
        problem = "not a URI";
      }
      require(problem == null, setting + " must be an http(s) URL such as http://localhost:11434/v1, was '"
          + value + "' (" + problem + ")");
      String v = value.strip();
      return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    private static Duration between1msAnd1h(String setting, Duration value) {
      require(value != null && value.compareTo(Duration.ofMillis(1)) >= 0 && value.compareTo(Duration.ofHours(1)) <= 0,
          setting + " must be between 1 ms and 1 h, was " + value);
      return value;
    }

    /**
     * The API key, sent as {@code Authorization: Bearer}. Local servers (Ollama, vLLM, llama.cpp, LM Studio) accept
     * any non-blank value.
     *
     * @param apiKey a non-blank key
     * @return this builder
     * @throws IllegalArgumentException naming {@code apiKey} when blank
     * @throws IllegalStateException when already set
     */
    public Builder apiKey(String apiKey) {
      require(apiKey != null && !apiKey.isBlank(), "apiKey must not be blank");
      once("apiKey");
      this.apiKey = apiKey.strip();
      return this;
    }

    /**
     * Where the API is, with its version path, as OpenAI's SDKs take it: {@code https://api.openai.com/v1},
     * {@code http://localhost:11434/v1} (Ollama), {@code http://localhost:8000/v1} (vLLM)...
     *
     * @param baseUrl an http(s) URL without query or fragment
     * @return this builder
     * @throws IllegalArgumentException naming {@code baseUrl} when malformed
     * @throws IllegalStateException when already set
     */
    public Builder baseUrl(String baseUrl) {
      String checked = checkedBaseUrl("baseUrl", baseUrl);
      once("baseUrl");
      this.baseUrl = checked;
      return this;
    }

    /**
     * A ready SDK client to use instead of building one (its base URL, credentials, proxy); its owner closes it.
     * The decider still turns the SDK's retries off (on a copy) and sets each request's timeout.
     *
     * @param client the client
     * @return this builder
     * @throws IllegalArgumentException naming {@code client} when {@code null}
     * @throws IllegalStateException when already set
     */
    public Builder client(OpenAIClient client) {
      require(client != null, "client must not be null");
      once("client");
      this.client = client;
      return this;
    }

    /**
     * The model to ask; default {@value #DEFAULT_MODEL}.
     *
     * @param model a model name without whitespace, e.g. {@code gpt-4o-mini}, {@code llama3.1:8b}
     * @return this builder
     * @throws IllegalArgumentException naming {@code model} when blank or containing whitespace
     * @throws IllegalStateException when already set
     */
    public Builder model(String model) {
      String checked = checkedModel("model", model);
      once("model");
      this.model = checked;
      return this;
    }

    /**
     * How the answer's shape is asked for; default {@link ResponseFormat#JSON_SCHEMA}.
     *
     * @param responseFormat the format
     * @return this builder
     * @throws IllegalArgumentException naming {@code responseFormat} when {@code null}
     * @throws IllegalStateException when already set
     */
    public Builder responseFormat(ResponseFormat responseFormat) {
      require(responseFormat != null, "responseFormat must not be null");
      once("responseFormat");
      this.responseFormat = responseFormat;
      return this;
    }

    /**
     * Which field carries the output token limit; default {@link TokenLimitParameter#MAX_COMPLETION_TOKENS} for
     * OpenAI's API (no base URL, or {@code api.openai.com}, or a given client), {@link TokenLimitParameter#MAX_TOKENS}
     * for any other base URL (Ollama and LM Studio read only {@code max_tokens}).
     *
     * @param parameter the field
     * @return this builder
     * @throws IllegalArgumentException naming {@code tokenLimitParameter} when {@code null}
     * @throws IllegalStateException when already set
     */
    public Builder tokenLimitParameter(TokenLimitParameter parameter) {
      require(parameter != null, "tokenLimitParameter must not be null");
      once("tokenLimitParameter");
      this.tokenLimitParameter = parameter;
      return this;
    }

    /**
     * The sampling temperature; default 0.3. Reasoning models accept only their default: use
     * {@link #omitTemperature()} for them.
     *
     * @param temperature in [0, 2]
     * @return this builder
     * @throws IllegalArgumentException naming {@code temperature} when out of range
     * @throws IllegalStateException when already set
     */
    public Builder temperature(double temperature) {
      require(temperature >= 0.0 && temperature <= 2.0, "temperature must be in [0, 2], was " + temperature);
      once("temperature");
      this.temperature = temperature;
      return this;
    }

    /**
     * Sends no temperature, so the model uses its own default (reasoning models accept nothing else).
     *
     * @return this builder
     * @throws IllegalStateException when the temperature was already set
     */
    public Builder omitTemperature() {
      once("temperature");
      this.temperature = null;
      return this;
    }

    /**
     * The nucleus sampling top-p; not sent by default.
     *
     * @param topP in (0, 1]
     * @return this builder
     * @throws IllegalArgumentException naming {@code topP} when out of range
     * @throws IllegalStateException when already set
     */
    public Builder topP(double topP) {
      require(topP > 0.0 && topP <= 1.0, "topP must be in (0, 1], was " + topP);
      once("topP");
      this.topP = topP;
      return this;
    }

    /**
     * The most tokens the model may write; default 1000. A repair after {@code finish_reason: length} gets twice
     * as many (at most 8192).
     *
     * @param maxOutputTokens 1 or more
     * @return this builder
     * @throws IllegalArgumentException naming {@code maxOutputTokens} when below 1
     * @throws IllegalStateException when already set
     */
    public Builder maxOutputTokens(int maxOutputTokens) {
      require(maxOutputTokens >= 1, "maxOutputTokens must be 1 or more, was " + maxOutputTokens);
      once("maxOutputTokens");
      this.maxOutputTokens = maxOutputTokens;
      return this;
    }

    /**
     * The time limit of {@link OpenAiDecider#decide(Email, Prompt)}, retries, backoff and a repair included;
     * default 30 s. The pipeline calls {@link OpenAiDecider#decide(Email, Prompt, Duration)} with its own limit.
     *
     * @param timeout 1 ms to 1 h
     * @return this builder
     * @throws IllegalArgumentException naming {@code timeout} when out of range
     * @throws IllegalStateException when already set
     */
    public Builder timeout(Duration timeout) {
      Duration checked = between1msAnd1h("timeout", timeout);
      once("timeout");
      this.timeout = checked;
      return this;
    }

    /**
     * How many times a failed attempt is retried (429, 5xx, network errors); default 3.
     *
     * @param maxRetries 0 to 20
     * @return this builder
     * @throws IllegalArgumentException naming {@code maxRetries} when out of range
     * @throws IllegalStateException when already set
     */
    public Builder maxRetries(int maxRetries) {
      require(maxRetries >= 0 && maxRetries <= 20, "maxRetries must be in [0, 20], was " + maxRetries);
      once("maxRetries");
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * The first backoff delay when the server gives none; it doubles up to {@link #maxBackoff}, with jitter.
     * Default 1 s.
     *
     * @param initialBackoff 1 ms to 1 h
     * @return this builder
     * @throws IllegalArgumentException naming {@code initialBackoff} when out of range
     * @throws IllegalStateException when already set
     */
    public Builder initialBackoff(Duration initialBackoff) {
      Duration checked = between1msAnd1h("initialBackoff", initialBackoff);
      once("initialBackoff");
      this.initialBackoff = checked;
      return this;
    }

    /**
     * The longest backoff delay of our own; a server's may be longer. Default 30 s.
     *
     * @param maxBackoff 1 ms to 1 h
     * @return this builder
     * @throws IllegalArgumentException naming {@code maxBackoff} when out of range
     * @throws IllegalStateException when already set
     */
    public Builder maxBackoff(Duration maxBackoff) {
      Duration checked = between1msAnd1h("maxBackoff", maxBackoff);
      once("maxBackoff");
      this.maxBackoff = checked;
      return this;
    }

    /**
     * The longest body sent, after cleaning; default 10,000 characters.
     *
     * @param maxBodyChars 100 to {@link Email#MAX_BODY_CHARS}
     * @return this builder
     * @throws IllegalArgumentException naming {@code maxBodyChars} when out of range
     * @throws IllegalStateException when already set
     */
    public Builder maxBodyChars(int maxBodyChars) {
      require(maxBodyChars >= 100 && maxBodyChars <= Email.MAX_BODY_CHARS,
          "maxBodyChars must be in [100, " + Email.MAX_BODY_CHARS + "], was " + maxBodyChars);
      once("maxBodyChars");
      this.maxBodyChars = maxBodyChars;
      return this;
    }

    /**
     * The clock deadlines are measured with; default the system UTC clock. For tests.
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalArgumentException naming {@code clock} when {@code null}
     * @throws IllegalStateException when already set
     */
    public Builder clock(Clock clock) {
      require(clock != null, "clock must not be null");
      once("clock");
      this.clock = clock;
      return this;
    }

    /**
     * What waits between attempts; default {@link Sleeper#system()}. For tests.
     *
     * @param sleeper the sleeper
     * @return this builder
     * @throws IllegalArgumentException naming {@code sleeper} when {@code null}
     * @throws IllegalStateException when already set
     */
    public Builder sleeper(Sleeper sleeper) {
      require(sleeper != null, "sleeper must not be null");
      once("sleeper");
      this.sleeper = sleeper;
      return this;
    }

    /**
     * The decider.
     *
     * @return a new decider, owning the SDK client it creates
     * @throws IllegalStateException naming the setting when neither {@code apiKey} nor {@code client} is given,
     *     when both are, when {@code baseUrl} is combined with {@code client}, or when {@code initialBackoff}
     *     exceeds {@code maxBackoff}
     */
    public OpenAiDecider build() {
      if (apiKey == null && client == null) {
        throw new IllegalStateException("apiKey is required (or client(...)); local servers accept any value"
            + (fromEnvironment ? "; " + ModelEnvironment.OPENAI_API_KEY + " is not set" : ""));
      }
      if (apiKey != null && client != null) {
        throw new IllegalStateException("set only one of apiKey and client");
      }
      if (client != null && baseUrl != null) {
        throw new IllegalStateException("baseUrl cannot be combined with client: configure the client's base URL");
      }
      if (initialBackoff.compareTo(maxBackoff) > 0) {
        throw new IllegalStateException("initialBackoff (" + initialBackoff + ") must not exceed maxBackoff ("
            + maxBackoff + ")");
      }
      boolean owns = client == null;
      OpenAIClient sdk = owns
          ? OpenAIOkHttpClient.builder().apiKey(apiKey).baseUrl(baseUrl == null ? DEFAULT_BASE_URL : baseUrl)
              .maxRetries(0).build()
          : client.withOptions(o -> o.maxRetries(0));
      TokenLimitParameter tokens = tokenLimitParameter != null ? tokenLimitParameter
          : TokenLimitParameter.forBaseUrl(baseUrl);
      OpenAiEngine.Settings settings = new OpenAiEngine.Settings(model,
          responseFormat == ResponseFormat.JSON_OBJECT,
          tokens == TokenLimitParameter.MAX_TOKENS, temperature, topP, maxOutputTokens, maxBodyChars,
          clock, apiKey);
      return new OpenAiDecider(new OpenAiEngine(sdk, owns, settings,
          new RetryLoop("OpenAI", maxRetries, initialBackoff, maxBackoff, sleeper)), timeout);
    }
  }
}
