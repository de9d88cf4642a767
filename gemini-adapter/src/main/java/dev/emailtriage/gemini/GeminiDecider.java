package dev.emailtriage.gemini;

import com.google.genai.Client;
import dev.emailtriage.Decision;
import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import dev.emailtriage.gemini.internal.Checks;
import dev.emailtriage.gemini.internal.ClientFactory;
import dev.emailtriage.gemini.internal.GeminiEngine;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DeciderException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * A {@link Decider} that asks Google Gemini, through the official {@code com.google.genai:google-genai} SDK, whether
 * an email deserves a reply. Thread-safe: one instance serves every thread of an application, and at most
 * {@link Builder#maxConcurrentCalls(int)} calls are in flight at once.
 *
 * <p>Each call sends the prompt as the system instruction (plus a paragraph telling the model that the email is
 * data, never instructions), the email between random-token markers, and a response schema for the decision. The
 * body is cleaned of HTML, quoted history and signatures and capped before it is sent. The answer is validated; an
 * invalid or truncated answer gets one repair attempt. Transient failures (429, 5xx, network) are retried with the
 * server's requested delay or exponential backoff with jitter, never past the call's deadline; the SDK's own retries
 * are turned off. Failures surface as {@link DeciderException} with a {@link DeciderException.Kind}.
 *
 * <pre>{@code
 * GeminiDecider decider = GeminiDecider.builder()
 *     .apiKey(System.getenv("GEMINI_API_KEY"))
 *     .model("gemini-2.5-flash")
 *     .timeout(Duration.ofSeconds(30))
 *     .build();
 * Decision d = decider.decide(email, prompt);
 * }</pre>
 */
public final class GeminiDecider implements Decider, AutoCloseable {

  /** The Gemini API version every request uses; pinned so no environment variable can change it. */
  public static final String API_VERSION = GeminiEngine.API_VERSION;
  /** The default model. */
  public static final String DEFAULT_MODEL = "gemini-2.5-flash";
  /** The Gemini Developer API's address, used when no base URL is set. */
  public static final String DEFAULT_BASE_URL = ClientFactory.DEFAULT_BASE_URL;

  /**
   * Waits between two attempts of a call; injectable so that tests never really wait. Implementations must be
   * thread-safe.
   */
  @FunctionalInterface
  public interface Sleeper {
    /**
     * Waits for {@code duration}.
     *
     * @param duration how long to wait, positive
     * @throws InterruptedException when the waiting thread is interrupted
     */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * The real sleeper, {@link Thread#sleep(long)}.
     *
     * @return a sleeper that blocks the calling thread
     */
    static Sleeper system() {
      return d -> Thread.sleep(d.toMillis());
    }
  }

  private final GeminiEngine engine;

  private GeminiDecider(GeminiEngine engine) {
    this.engine = engine;
  }

  /**
   * A builder with the defaults: model {@value #DEFAULT_MODEL}, temperature 0.3, top-p 0.9, 1000 output tokens, a
   * 30 s deadline, 3 retries, 10 concurrent calls, bodies capped at 10,000 characters.
   *
   * @return a new builder; an API key (or Vertex AI, or a client) must still be given
   */
  public static Builder builder() {
    return new Builder(false);
  }

  /**
   * A builder seeded from the process environment: {@code GEMINI_API_KEY} (else {@code GOOGLE_API_KEY}) and
   * {@code GEMINI_BASE_URL}.
   *
   * @return a builder; its setters still override what the environment gave
   * @throws IllegalArgumentException when {@code GEMINI_BASE_URL} is not {@code scheme://host[:port]}
   */
  public static Builder fromEnvironment() {
    return fromEnvironment(System::getenv);
  }

  /**
   * A builder seeded from {@code environment}, a lookup of environment variables by name ({@code System::getenv}
   * in production, a map in tests): {@code GEMINI_API_KEY} (else {@code GOOGLE_API_KEY}) and
   * {@code GEMINI_BASE_URL}. Blank values count as absent.
   *
   * @param environment returns a variable's value, or {@code null} when it is not set
   * @return a builder; its setters still override what the environment gave
   * @throws IllegalArgumentException when {@code GEMINI_BASE_URL} is not {@code scheme://host[:port]}
   */
  public static Builder fromEnvironment(Function<String, String> environment) {
    Checks.Environment env = Checks.environment(environment);
    Builder b = new Builder(true);
    b.apiKey = env.apiKey();
    b.baseUrl = env.baseUrl();
    return b;
  }

  /**
   * Decides {@code email} under {@code prompt} with one model call (two when the answer needs a repair), retries
   * included, within the configured deadline.
   *
   * @param email the email
   * @param prompt the prompt whose text becomes the system instruction; its id and version are recorded
   * @return a decision with source {@code MODEL}, the model version, token usage and finish reason
   * @throws DeciderException {@code RATE_LIMITED}, {@code UNAVAILABLE}, {@code TIMEOUT} or
   *     {@code INVALID_RESPONSE} (retryable later), {@code BLOCKED}, {@code UNAUTHORIZED} or {@code BAD_REQUEST}
   */
  @Override
  public Decision decide(Email email, Prompt prompt) {
    return engine.decide(email, prompt);
  }

  /**
   * The name used in logs and metrics.
   *
   * @return {@code gemini}
   */
  @Override
  public String name() {
    return "gemini";
  }

  /**
   * The main model this decider asks.
   *
   * @return the model name, e.g. {@code gemini-2.5-flash}
   */
  public String model() {
    return engine.settings().model();
  }

  /**
   * Releases the SDK client's connections and threads, unless the client was given ready-made through
   * {@link Builder#client(Client)} (then its owner closes it).
   */
  @Override
  public void close() {
    engine.close();
  }

  /**
   * Builds a {@link GeminiDecider}; not thread-safe. Every setter checks its argument at once and throws
   * {@link IllegalArgumentException} naming the setting; {@link #build()} checks that the settings fit together and
   * throws {@link IllegalStateException} naming the missing or conflicting setting.
   */
  public static final class Builder {
    private final boolean fromEnvironment;
    private String apiKey;
    private String vertexProject;
    private String vertexLocation;
    private Client client;
    private String model = DEFAULT_MODEL;
    private String fallbackModel;
    private double temperature = 0.3;
    private double topP = 0.9;
    private int maxOutputTokens = 1000;
    private Integer thinkingBudget;
    private Duration timeout = Duration.ofSeconds(30);
    private int maxRetries = 3;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private String baseUrl;
    private int maxConcurrentCalls = 10;
    private int maxBodyChars = 10_000;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();

    private Builder(boolean fromEnvironment) {
      this.fromEnvironment = fromEnvironment;
    }

    /**
     * The Gemini Developer API key, sent in the {@code x-goog-api-key} header.
     *
     * @param apiKey a non-blank key
     * @return this builder
     * @throws IllegalArgumentException naming {@code apiKey} when blank
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = Checks.apiKey(apiKey);
      return this;
    }

    /**
     * Uses Vertex AI in {@code project} and {@code location} (credentials from Application Default Credentials)
     * instead of an API key.
     *
     * @param project the Google Cloud project id
     * @param location the region, e.g. {@code us-central1}
     * @return this builder
     * @throws IllegalArgumentException naming {@code vertexAi project} or {@code vertexAi location} when blank
     */
    public Builder vertexAi(String project, String location) {
      Checks.require(project != null && !project.isBlank(), "vertexAi project must not be blank");
      Checks.require(location != null && !location.isBlank(), "vertexAi location must not be blank");
      this.vertexProject = project.strip();
      this.vertexLocation = location.strip();
      return this;
    }

    /**
     * A ready SDK client to use instead of building one (its base URL, credentials and HTTP client); its owner
     * closes it. Each request still overrides the API version ({@value #API_VERSION}), the timeout (the time left
     * before the deadline) and turns the SDK's retries off. A given client cannot report {@code Retry-After}
     * headers to the adapter; the error's {@code RetryInfo} is still honoured.
     *
     * @param client the client
     * @return this builder
     * @throws IllegalArgumentException naming {@code client} when {@code null}
     */
    public Builder client(Client client) {
      this.client = Checks.notNull("client", client);
      return this;
    }

    /**
     * The model to ask; default {@value #DEFAULT_MODEL}.
     *
     * @param model a model name without spaces, e.g. {@code gemini-2.5-flash}
     * @return this builder
     * @throws IllegalArgumentException naming {@code model} when blank or containing whitespace
     */
    public Builder model(String model) {
      this.model = Checks.model("model", model);
      return this;
    }

    /**
     * A model asked when the main one still answers 503 (overloaded) after its retries, e.g. a lighter Gemini
     * model; the decision's model version then says it came from the fallback. None by default.
     *
     * @param fallbackModel a model name without spaces
     * @return this builder
     * @throws IllegalArgumentException naming {@code fallbackModel} when blank or containing whitespace
     */
    public Builder fallbackModel(String fallbackModel) {
      this.fallbackModel = Checks.model("fallbackModel", fallbackModel);
      return this;
    }

    /**
     * The sampling temperature; default 0.3.
     *
     * @param temperature in [0, 2]
     * @return this builder
     * @throws IllegalArgumentException naming {@code temperature} when out of range
     */
    public Builder temperature(double temperature) {
      this.temperature = Checks.temperature(temperature);
      return this;
    }

    /**
     * The nucleus sampling top-p; default 0.9.
     *
     * @param topP in (0, 1]
     * @return this builder
     * @throws IllegalArgumentException naming {@code topP} when out of range
     */
    public Builder topP(double topP) {
      this.topP = Checks.topP(topP);
      return this;
    }

    /**
     * The most tokens the model may write; default 1000. On {@code gemini-2.5-*} thinking tokens count against it
     * too (see {@link #thinkingBudget(int)}). A repair after a {@code MAX_TOKENS} cut gets twice as many.
     *
     * @param maxOutputTokens 1 or more
     * @return this builder
     * @throws IllegalArgumentException naming {@code maxOutputTokens} when below 1
     */
    public Builder maxOutputTokens(int maxOutputTokens) {
      this.maxOutputTokens = Checks.maxOutputTokens(maxOutputTokens);
      return this;
    }

    /**
     * The thinking budget in tokens: 0 turns thinking off (where the model allows it), -1 lets the model choose.
     * Unset by default (the model's default).
     *
     * @param thinkingBudget -1 or more
     * @return this builder
     * @throws IllegalArgumentException naming {@code thinkingBudget} when below -1
     */
    public Builder thinkingBudget(int thinkingBudget) {
      this.thinkingBudget = Checks.thinkingBudget(thinkingBudget);
      return this;
    }

    /**
     * The deadline of one {@link GeminiDecider#decide} call, waiting for a call slot, retries, backoff and a repair
     * included; default 30 s.
     *
     * @param timeout 1 ms to 1 h
     * @return this builder
     * @throws IllegalArgumentException naming {@code timeout} when out of range
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.between1msAnd1h("timeout", timeout);
      return this;
    }

    /**
     * How many times a failed attempt is retried (429, 5xx, network errors); default 3. 0 turns retries off.
     *
     * @param maxRetries 0 to 20
     * @return this builder
     * @throws IllegalArgumentException naming {@code maxRetries} when out of range
     */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = Checks.range("maxRetries", maxRetries, 0, 20);
      return this;
    }

    /**
     * The first backoff delay when the server gives none; it doubles on each retry up to {@link #maxBackoff},
     * and each delay is randomly reduced by up to half (jitter). Default 1 s.
     *
     * @param initialBackoff 1 ms to 1 h
     * @return this builder
     * @throws IllegalArgumentException naming {@code initialBackoff} when out of range
     */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = Checks.between1msAnd1h("initialBackoff", initialBackoff);
      return this;
    }

    /**
     * The longest backoff delay of our own; a delay the server asks for may be longer. Default 30 s.
     *
     * @param maxBackoff 1 ms to 1 h
     * @return this builder
     * @throws IllegalArgumentException naming {@code maxBackoff} when out of range
     */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = Checks.between1msAnd1h("maxBackoff", maxBackoff);
      return this;
    }

    /**
     * Where the API is: {@code scheme://host[:port]} with no path (tests, proxies, API gateways). Default
     * {@value #DEFAULT_BASE_URL} for the Developer API; the API version is appended by the SDK.
     *
     * @param baseUrl an http or https URL with no path, query or fragment
     * @return this builder
     * @throws IllegalArgumentException naming {@code baseUrl} when malformed
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Checks.baseUrl("baseUrl", baseUrl);
      return this;
    }

    /**
     * The most calls in flight at once; further callers wait for a slot within their deadline. Default 10. The
     * SDK's HTTP client is sized to match (its default caps requests per host at 5).
     *
     * @param maxConcurrentCalls 1 to 1000
     * @return this builder
     * @throws IllegalArgumentException naming {@code maxConcurrentCalls} when out of range
     */
    public Builder maxConcurrentCalls(int maxConcurrentCalls) {
      this.maxConcurrentCalls = Checks.range("maxConcurrentCalls", maxConcurrentCalls, 1, 1000);
      return this;
    }

    /**
     * The longest body sent to the model, in characters, after cleaning; a longer body is cut and the decision
     * records {@code body_truncated}. Default 10,000.
     *
     * @param maxBodyChars 100 to {@link Email#MAX_BODY_CHARS}
     * @return this builder
     * @throws IllegalArgumentException naming {@code maxBodyChars} when out of range
     */
    public Builder maxBodyChars(int maxBodyChars) {
      this.maxBodyChars = Checks.maxBodyChars(maxBodyChars);
      return this;
    }

    /**
     * The clock the deadline is measured with; default the system UTC clock. For tests.
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalArgumentException naming {@code clock} when {@code null}
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull("clock", clock);
      return this;
    }

    /**
     * What waits between attempts; default {@link Sleeper#system()}. For tests.
     *
     * @param sleeper the sleeper
     * @return this builder
     * @throws IllegalArgumentException naming {@code sleeper} when {@code null}
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Checks.notNull("sleeper", sleeper);
      return this;
    }

    /**
     * The decider.
     *
     * @return a new decider, owning the SDK client it creates
     * @throws IllegalStateException naming the setting when no way to reach Gemini is given ({@code apiKey},
     *     {@code vertexAi} or {@code client}), when more than one is, or when settings conflict
     */
    public GeminiDecider build() {
      int ways = (apiKey != null ? 1 : 0) + (vertexProject != null ? 1 : 0) + (client != null ? 1 : 0);
      if (ways == 0) {
        throw new IllegalStateException("apiKey is required (or vertexAi(project, location), or client(...))"
            + (fromEnvironment ? "; neither GEMINI_API_KEY nor GOOGLE_API_KEY is set" : ""));
      }
      if (ways > 1) {
        throw new IllegalStateException("set only one of apiKey, vertexAi and client");
      }
      if (client != null && baseUrl != null) {
        throw new IllegalStateException("baseUrl cannot be combined with client: configure the client's HttpOptions");
      }
      if (model.equals(fallbackModel)) {
        throw new IllegalStateException("fallbackModel must differ from model '" + model + "'");
      }
      if (initialBackoff.compareTo(maxBackoff) > 0) {
        throw new IllegalStateException("initialBackoff (" + initialBackoff + ") must not exceed maxBackoff ("
            + maxBackoff + ")");
      }
      boolean owns = client == null;
      Client sdk = owns ? newClient() : client;
      return new GeminiDecider(new GeminiEngine(new GeminiEngine.Settings(sdk, owns, model, fallbackModel,
          (float) temperature, (float) topP, maxOutputTokens, thinkingBudget, timeout, maxRetries, initialBackoff,
          maxBackoff, maxConcurrentCalls, maxBodyChars, clock, sleeper, apiKey)));
    }

    private Client newClient() {
      // Call slots plus room for the fallback; the SDK's default dispatcher allows 5 requests per host.
      return ClientFactory.newClient(apiKey, vertexProject, vertexLocation, baseUrl, maxConcurrentCalls + 1);
    }
  }
}
