package dev.emailtriage.gemini;

import com.google.genai.Client;
import dev.emailtriage.Decision;
import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import dev.emailtriage.gemini.internal.ClientFactory;
import dev.emailtriage.gemini.internal.GeminiEngine;
import dev.emailtriage.gemini.internal.SettingChecks;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DeciderException;
import dev.emailtriage.spi.model.RetryLoop;
import java.time.Duration;
import java.util.function.Function;

/**
 * A {@link Decider} that asks Google Gemini, through the official {@code com.google.genai:google-genai} SDK, whether
 * an email deserves a reply. Thread-safe: one instance serves every thread of an application; how many calls run at
 * once is the caller's choice (the pipeline's {@code maxConcurrentModelCalls}).
 *
 * <p>Each call sends the prompt as the system instruction (plus a paragraph telling the model that the email is
 * data, never instructions), the email between random-token markers, and a response schema for the decision, all
 * from core's {@code dev.emailtriage.spi.model}. The body is cleaned of HTML, quoted history and signatures and
 * capped before it is sent. The answer is validated; an invalid or truncated answer gets one repair attempt.
 * Transient failures (429, 5xx, network) are retried with the server's requested delay or exponential backoff with
 * jitter, never past the call's time limit: the one the pipeline passes to
 * {@link #decide(Email, Prompt, Duration)}, or {@link Builder#timeout(Duration)} for a direct call of
 * {@link #decide(Email, Prompt)}. The SDK's own retries are turned off. Failures surface as
 * {@link DeciderException} with a {@link DeciderException.Kind}.
 *
 * <pre>{@code
 * GeminiDecider decider = GeminiDecider.builder()
 *     .apiKey(System.getenv("GEMINI_API_KEY"))
 *     .model("gemini-2.5-flash")
 *     .build();
 * Decision d = decider.decide(email, prompt, Duration.ofSeconds(30));
 * }</pre>
 */
public final class GeminiDecider implements Decider, AutoCloseable {

  /** The Gemini API version every request uses; pinned so no environment variable can change it. */
  public static final String API_VERSION = GeminiEngine.API_VERSION;
  /** The default model. */
  public static final String DEFAULT_MODEL = ClientFactory.DEFAULT_MODEL;
  /** The Gemini Developer API's address, used when no base URL is set. */
  public static final String DEFAULT_BASE_URL = ClientFactory.DEFAULT_BASE_URL;

  private final GeminiEngine engine;
  private final Duration timeout;

  private GeminiDecider(GeminiEngine engine, Duration timeout) {
    this.engine = engine;
    this.timeout = timeout;
  }

  /**
   * A builder with the defaults: model {@value #DEFAULT_MODEL}, temperature 0.3, top-p 0.9, 1000 output tokens, a
   * 30 s time limit for direct calls, 3 retries, bodies capped at 10,000 characters.
   *
   * @return a new builder; an API key (or Vertex AI, or a client) must still be given
   */
  public static Builder builder() {
    return new Builder(null);
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
    return new Builder(java.util.Objects.requireNonNull(environment, "environment"));
  }

  /**
   * Decides {@code email} under {@code prompt} within {@link Builder#timeout(Duration)}; see
   * {@link #decide(Email, Prompt, Duration)}.
   *
   * @param email the email
   * @param prompt the prompt whose text becomes the system instruction; its id and version are recorded
   * @return a decision with source {@code MODEL}, the model version, token usage and finish reason
   * @throws DeciderException {@code RATE_LIMITED}, {@code UNAVAILABLE}, {@code TIMEOUT} or
   *     {@code INVALID_RESPONSE} (retryable later), {@code BLOCKED}, {@code UNAUTHORIZED} or {@code BAD_REQUEST}
   */
  @Override
  public Decision decide(Email email, Prompt prompt) {
    return engine.decide(email, prompt, timeout);
  }

  /**
   * Decides {@code email} under {@code prompt} with one model call (two when the answer needs a repair), retries
   * included, within {@code timeLimit}: the pipeline passes the time it has left, and no retry or repair starts
   * when it would end later.
   *
   * @param email the email
   * @param prompt the prompt whose text becomes the system instruction; its id and version are recorded
   * @param timeLimit the time this call may take, positive
   * @return a decision with source {@code MODEL}, the model version, token usage and finish reason
   * @throws DeciderException {@code RATE_LIMITED}, {@code UNAVAILABLE}, {@code TIMEOUT} or
   *     {@code INVALID_RESPONSE} (retryable later), {@code BLOCKED}, {@code UNAUTHORIZED} or {@code BAD_REQUEST}
   * @throws IllegalArgumentException when {@code timeLimit} is not positive
   */
  @Override
  public Decision decide(Email email, Prompt prompt, Duration timeLimit) {
    return engine.decide(email, prompt, timeLimit);
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
   * The scope of this decider's decisions in the similar-email cache.
   *
   * @return {@code gemini:} and the model, e.g. {@code gemini:gemini-2.5-flash}
   */
  @Override
  public String cacheScope() {
    return name() + ":" + model();
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
   * Builds a {@link GeminiDecider}; not thread-safe. The settings it shares with {@link GeminiBatchDecider.Builder}
   * are in {@link GeminiBuilder}. Every setter checks its argument at once and throws
   * {@link IllegalArgumentException} naming the setting, and may be called once ({@link IllegalStateException});
   * {@link #build()} checks that the settings fit together and throws {@link IllegalStateException} naming the
   * missing or conflicting setting.
   */
  public static final class Builder extends GeminiBuilder<Builder> {
    private String vertexProject;
    private String vertexLocation;
    private String fallbackModel;
    private Duration timeout = Duration.ofSeconds(30);
    private int maxRetries = 3;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(30);

    private Builder(Function<String, String> environment) {
      super(environment);
    }

    @Override
    boolean offersVertexAi() {
      return true;
    }

    /**
     * Uses Vertex AI in {@code project} and {@code location} (credentials from Application Default Credentials)
     * instead of an API key.
     *
     * @param project the Google Cloud project id
     * @param location the region, e.g. {@code us-central1}
     * @return this builder
     * @throws IllegalArgumentException naming {@code vertexAi project} or {@code vertexAi location} when blank
     * @throws IllegalStateException when already set
     */
    public Builder vertexAi(String project, String location) {
      SettingChecks.require(project != null && !project.isBlank(), "vertexAi project must not be blank");
      SettingChecks.require(location != null && !location.isBlank(), "vertexAi location must not be blank");
      once("vertexAi");
      this.vertexProject = project.strip();
      this.vertexLocation = location.strip();
      return this;
    }

    /**
     * A model asked when the main one still answers 503 (overloaded) after its retries, e.g. a lighter Gemini
     * model; the decision's model version then says it came from the fallback. None by default.
     *
     * @param fallbackModel a model name without spaces
     * @return this builder
     * @throws IllegalArgumentException naming {@code fallbackModel} when blank or containing whitespace
     * @throws IllegalStateException when already set
     */
    public Builder fallbackModel(String fallbackModel) {
      String checked = SettingChecks.model("fallbackModel", fallbackModel);
      once("fallbackModel");
      this.fallbackModel = checked;
      return this;
    }

    /**
     * The time limit of {@link GeminiDecider#decide(Email, Prompt)} (a direct call without one), retries, backoff
     * and a repair included; default 30 s. The pipeline calls {@link GeminiDecider#decide(Email, Prompt, Duration)}
     * with its own limit instead.
     *
     * @param timeout 1 ms to 1 h
     * @return this builder
     * @throws IllegalArgumentException naming {@code timeout} when out of range
     * @throws IllegalStateException when already set
     */
    public Builder timeout(Duration timeout) {
      Duration checked = SettingChecks.between1msAnd1h("timeout", timeout);
      once("timeout");
      this.timeout = checked;
      return this;
    }

    /**
     * How many times a failed attempt is retried (429, 5xx, network errors); default 3. 0 turns retries off.
     *
     * @param maxRetries 0 to 20
     * @return this builder
     * @throws IllegalArgumentException naming {@code maxRetries} when out of range
     * @throws IllegalStateException when already set
     */
    public Builder maxRetries(int maxRetries) {
      int checked = SettingChecks.range("maxRetries", maxRetries, 0, 20);
      once("maxRetries");
      this.maxRetries = checked;
      return this;
    }

    /**
     * The first backoff delay when the server gives none; it doubles on each retry up to {@link #maxBackoff},
     * and each delay is randomly reduced by up to half (jitter). Default 1 s.
     *
     * @param initialBackoff 1 ms to 1 h
     * @return this builder
     * @throws IllegalArgumentException naming {@code initialBackoff} when out of range
     * @throws IllegalStateException when already set
     */
    public Builder initialBackoff(Duration initialBackoff) {
      Duration checked = SettingChecks.between1msAnd1h("initialBackoff", initialBackoff);
      once("initialBackoff");
      this.initialBackoff = checked;
      return this;
    }

    /**
     * The longest backoff delay of our own; a delay the server asks for may be longer. Default 30 s.
     *
     * @param maxBackoff 1 ms to 1 h
     * @return this builder
     * @throws IllegalArgumentException naming {@code maxBackoff} when out of range
     * @throws IllegalStateException when already set
     */
    public Builder maxBackoff(Duration maxBackoff) {
      Duration checked = SettingChecks.between1msAnd1h("maxBackoff", maxBackoff);
      once("maxBackoff");
      this.maxBackoff = checked;
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
      if (model.equals(fallbackModel)) {
        throw new IllegalStateException("fallbackModel must differ from model '" + model + "'");
      }
      if (initialBackoff.compareTo(maxBackoff) > 0) {
        throw new IllegalStateException("initialBackoff (" + initialBackoff + ") must not exceed maxBackoff ("
            + maxBackoff + ")");
      }
      // Sync calls are not limited by the HTTP client's dispatcher; this only sizes its connection pool.
      return new GeminiDecider(new GeminiEngine(
          settings(vertexProject != null ? 1 : 0, ClientFactory.CONNECTIONS_PER_HOST, vertexProject, vertexLocation),
          fallbackModel, new RetryLoop("Gemini", maxRetries, initialBackoff, maxBackoff, sleeper)), timeout);
    }
  }
}
