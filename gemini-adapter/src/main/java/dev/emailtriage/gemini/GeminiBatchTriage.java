package dev.emailtriage.gemini;

import com.google.genai.Client;
import dev.emailtriage.Decision;
import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import dev.emailtriage.gemini.GeminiDecider.Sleeper;
import dev.emailtriage.gemini.internal.BatchEngine;
import dev.emailtriage.gemini.internal.Checks;
import dev.emailtriage.gemini.internal.ClientFactory;
import dev.emailtriage.gemini.internal.GeminiRequests;
import dev.emailtriage.spi.DeciderException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Triages a list of non-urgent emails with one Gemini Batch API job ({@code models.batchGenerateContent} with
 * inline requests), at the Batch API's lower price and with its latency: a batch may take minutes to hours (Google's
 * target is 24 hours), so it suits a backlog, not an inbox that waits for answers. Thread-safe.
 *
 * <p>Each email becomes one inlined request built exactly like {@link GeminiDecider}'s single request (the prompt as
 * the system instruction with the prompt-injection guard, the email between random-token markers with its body
 * cleaned and capped, the same generation config and response schema), with the email's id in the request's
 * metadata under {@code key}. Results are mapped back by that id, never by position. {@link #triage} then polls
 * {@code batches.get} (waiting {@link Builder#pollInterval(Duration)}, doubling up to
 * {@link Builder#maxPollInterval(Duration)}) until the job ends or {@link Builder#timeout(Duration)} passes.
 *
 * <p>Every email of the list ends in exactly one of {@link Result#decisions()} and {@link Result#failures()}: a
 * blocked answer ({@code BLOCKED}), an invalid one ({@code INVALID_RESPONSE}; a batch answer gets no repair
 * attempt), a failed entry or a missing response fails that email only; a failed, cancelled or expired job, or a
 * batch that could not be created, fails every email with a retryable kind (except a rejected key or request).
 *
 * <pre>{@code
 * try (GeminiBatchTriage batch = GeminiBatchTriage.builder()
 *     .apiKey(System.getenv("GEMINI_API_KEY"))
 *     .pollInterval(Duration.ofMinutes(1))
 *     .timeout(Duration.ofHours(24))
 *     .build()) {
 *   GeminiBatchTriage.Result r = batch.triage(backlog, prompt);
 *   r.decisions().forEach((emailId, decision) -> store(emailId, decision));
 *   r.failures().forEach((emailId, e) -> { if (e.retryable()) retryLater(emailId); });
 * } catch (GeminiBatchTriage.DeadlineException e) {
 *   // still running at Google: later, batch.collect(e.batchName(), backlog, prompt)
 * }
 * }</pre>
 */
public final class GeminiBatchTriage implements AutoCloseable {

  /** The default model. */
  public static final String DEFAULT_MODEL = GeminiDecider.DEFAULT_MODEL;

  /**
   * What a batch decided.
   *
   * @param batchName the batch's resource name ({@code batches/...}), or {@code null} when no batch was created
   *     (an empty list, or creation failed)
   * @param decisions the decisions by email id, in the input's order
   * @param failures why each other email has no decision, by email id, in the input's order
   */
  public record Result(String batchName, Map<String, Decision> decisions, Map<String, DeciderException> failures) {

    /** Copies the maps, keeping their order. */
    public Result {
      decisions = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(decisions, "decisions")));
      failures = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(failures, "failures")));
    }
  }

  /**
   * The deadline passed while the batch was still pending or running at Google; it keeps running there. Pass
   * {@link #batchName()} to {@link GeminiBatchTriage#collect} later to read its results. Kind {@code TIMEOUT}.
   */
  public static final class DeadlineException extends DeciderException {
    private static final long serialVersionUID = 1L;

    /** The batch. */
    private final String batchName;
    /** Its last known state. */
    private final String lastState;

    /**
     * A batch that did not end within {@code timeout}.
     *
     * @param batchName the batch's resource name
     * @param lastState its last known state, e.g. {@code JOB_STATE_PENDING}
     * @param timeout the deadline that passed
     */
    public DeadlineException(String batchName, String lastState, Duration timeout) {
      this(batchName, lastState, timeout, null);
    }

    /**
     * As {@link #DeadlineException(String, String, Duration)}, with a cause (an interruption).
     *
     * @param batchName the batch's resource name
     * @param lastState its last known state
     * @param timeout the deadline that passed
     * @param cause why the wait ended early, or {@code null}
     */
    public DeadlineException(String batchName, String lastState, Duration timeout, Throwable cause) {
      super(Kind.TIMEOUT, "batch " + batchName + " was still " + lastState + " when the deadline of " + timeout
          + (cause == null ? " passed" : " was cut short by an interruption")
          + "; it keeps running at Google: collect it later with collect(\"" + batchName + "\", emails, prompt)",
          cause);
      this.batchName = batchName;
      this.lastState = lastState;
    }

    /**
     * The batch, to resume with {@link GeminiBatchTriage#collect}.
     *
     * @return the batch's resource name, {@code batches/...}
     */
    public String batchName() {
      return batchName;
    }

    /**
     * The batch's last known state.
     *
     * @return e.g. {@code JOB_STATE_PENDING}, or {@code unknown}
     */
    public String lastState() {
      return lastState;
    }
  }

  private final BatchEngine engine;

  private GeminiBatchTriage(BatchEngine engine) {
    this.engine = engine;
  }

  /**
   * A builder with the defaults: model {@value #DEFAULT_MODEL}, temperature 0.3, top-p 0.9, 1000 output tokens,
   * bodies capped at 10,000 characters (as {@link GeminiDecider}), polls every 30 s doubling up to 10 min, a 24 h
   * deadline, 60 s per HTTP call, at most 1000 emails per batch.
   *
   * @return a new builder; an API key (or a client) must still be given
   */
  public static Builder builder() {
    return new Builder(false);
  }

  /**
   * A builder seeded from the process environment: {@code GEMINI_API_KEY} (else {@code GOOGLE_API_KEY}) and
   * {@code GEMINI_BASE_URL}, as {@link GeminiDecider#fromEnvironment()}.
   *
   * @return a builder; its setters still override what the environment gave
   * @throws IllegalArgumentException when {@code GEMINI_BASE_URL} is not {@code scheme://host[:port]}
   */
  public static Builder fromEnvironment() {
    return fromEnvironment(System::getenv);
  }

  /**
   * A builder seeded from {@code environment}, as {@link GeminiDecider#fromEnvironment(Function)}.
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
   * Submits {@code emails} as one batch and waits until it ends or the deadline passes. Blocks the calling thread
   * (the waits go through the builder's sleeper).
   *
   * @param emails the emails, with distinct ids, at most {@link Builder#maxEmails(int)}; an empty list returns an
   *     empty result without calling Gemini
   * @param prompt the prompt whose text becomes each request's system instruction; its id and version are recorded
   * @return a decision or a failure for every email
   * @throws IllegalArgumentException when an email id repeats, the list is too long or over the 20 MB inline limit
   * @throws DeadlineException when the batch is still pending or running at the deadline
   * @throws DeciderException when polling is rejected ({@code UNAUTHORIZED}, {@code BAD_REQUEST})
   */
  public Result triage(List<Email> emails, Prompt prompt) {
    return engine.triage(emails, prompt);
  }

  /**
   * Waits for a batch submitted earlier (e.g. the one a {@link DeadlineException} named) and reads it back, with a
   * fresh deadline.
   *
   * @param batchName the batch's resource name, {@code batches/...}
   * @param emails the emails that batch was submitted with (results are mapped by their ids)
   * @param prompt the prompt it was submitted with (its id and version are recorded)
   * @return a decision or a failure for every email
   * @throws IllegalArgumentException when {@code batchName} is malformed or an email id repeats
   * @throws DeadlineException when the batch is still pending or running at the deadline
   * @throws DeciderException when polling is rejected ({@code UNAUTHORIZED}, {@code BAD_REQUEST}: unknown batch)
   */
  public Result collect(String batchName, List<Email> emails, Prompt prompt) {
    return engine.collect(batchName, emails, prompt);
  }

  /**
   * The model each request asks.
   *
   * @return the model name, e.g. {@code gemini-2.5-flash}
   */
  public String model() {
    return engine.settings().model();
  }

  /**
   * Releases the SDK client's connections and threads, unless the client was given ready-made through
   * {@link Builder#client(Client)}.
   */
  @Override
  public void close() {
    engine.close();
  }

  /**
   * Builds a {@link GeminiBatchTriage}; not thread-safe. The settings it shares with {@link GeminiDecider.Builder}
   * are checked by the same code and fail with the same messages: every setter throws
   * {@link IllegalArgumentException} naming the setting; {@link #build()} throws {@link IllegalStateException}
   * naming the missing or conflicting setting. Inline batches exist only on the Gemini Developer API: there is no
   * Vertex AI option.
   */
  public static final class Builder {
    private final boolean fromEnvironment;
    private String apiKey;
    private Client client;
    private String model = DEFAULT_MODEL;
    private double temperature = 0.3;
    private double topP = 0.9;
    private int maxOutputTokens = 1000;
    private Integer thinkingBudget;
    private int maxBodyChars = 10_000;
    private String baseUrl;
    private String displayName = "email-triage";
    private Duration pollInterval = Duration.ofSeconds(30);
    private Duration maxPollInterval = Duration.ofMinutes(10);
    private Duration timeout = Duration.ofHours(24);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private int maxEmails = 1000;
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
     * A ready SDK client (Gemini Developer API, not Vertex AI) to use instead of building one; its owner closes it.
     * Each call still pins the API version and its timeout and turns the SDK's retries off.
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
     * The model to ask; default {@value #DEFAULT_MODEL}. It must support the Batch API.
     *
     * @param model a model name without spaces
     * @return this builder
     * @throws IllegalArgumentException naming {@code model} when blank or containing whitespace
     */
    public Builder model(String model) {
      this.model = Checks.model("model", model);
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
     * The most tokens the model may write per email; default 1000 (thinking tokens count too on
     * {@code gemini-2.5-*}). A batch answer cut at this limit fails that email: there is no repair call.
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
     * The thinking budget in tokens: 0 turns thinking off where allowed, -1 lets the model choose. Unset by
     * default.
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
     * The longest body sent per email, after cleaning; default 10,000 characters.
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
     * Where the API is: {@code scheme://host[:port]} with no path; default
     * {@value GeminiDecider#DEFAULT_BASE_URL}.
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
     * The batch's display name (shown in the batch list); default {@code email-triage}.
     *
     * @param displayName non-blank, at most 128 characters
     * @return this builder
     * @throws IllegalArgumentException naming {@code displayName} when blank or too long
     */
    public Builder displayName(String displayName) {
      Checks.require(displayName != null && !displayName.isBlank() && displayName.length() <= 128,
          "displayName must be non-blank and at most 128 characters, was '" + displayName + "'");
      this.displayName = displayName.strip();
      return this;
    }

    /**
     * The first wait between two polls of the batch; each wait doubles up to {@link #maxPollInterval}. Default
     * 30 s.
     *
     * @param pollInterval 1 ms to 1 h
     * @return this builder
     * @throws IllegalArgumentException naming {@code pollInterval} when out of range
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = Checks.between1msAnd1h("pollInterval", pollInterval);
      return this;
    }

    /**
     * The longest wait between two polls; default 10 min.
     *
     * @param maxPollInterval 1 ms to 1 h
     * @return this builder
     * @throws IllegalArgumentException naming {@code maxPollInterval} when out of range
     */
    public Builder maxPollInterval(Duration maxPollInterval) {
      this.maxPollInterval = Checks.between1msAnd1h("maxPollInterval", maxPollInterval);
      return this;
    }

    /**
     * How long {@link GeminiBatchTriage#triage} (or {@link GeminiBatchTriage#collect}) waits for the batch to end,
     * creation included; default 24 h. When it passes, a {@link DeadlineException} names the batch, which keeps
     * running at Google.
     *
     * @param timeout 1 ms to 72 h
     * @return this builder
     * @throws IllegalArgumentException naming {@code timeout} when out of range
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.duration("timeout", timeout, Duration.ofMillis(1), Duration.ofHours(72),
          "1 ms and 72 h");
      return this;
    }

    /**
     * The HTTP timeout of one create or poll call; default 60 s. The last poll, taken at the deadline, gets it too,
     * so a call may return up to this much after {@link #timeout(Duration)}.
     *
     * @param requestTimeout 1 ms to 1 h
     * @return this builder
     * @throws IllegalArgumentException naming {@code requestTimeout} when out of range
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = Checks.between1msAnd1h("requestTimeout", requestTimeout);
      return this;
    }

    /**
     * The most emails in one batch; a longer list is rejected (split it). Default 1000. Whatever the count, the
     * inline requests must stay under the API's 20 MB limit.
     *
     * @param maxEmails 1 to 100,000
     * @return this builder
     * @throws IllegalArgumentException naming {@code maxEmails} when out of range
     */
    public Builder maxEmails(int maxEmails) {
      this.maxEmails = Checks.range("maxEmails", maxEmails, 1, 100_000);
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
     * What waits between polls; default {@link Sleeper#system()}. For tests.
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
     * The batch triage.
     *
     * @return a new instance, owning the SDK client it creates
     * @throws IllegalStateException naming the setting when neither {@code apiKey} nor {@code client} is given,
     *     when both are, when {@code baseUrl} is combined with {@code client}, when the client is a Vertex AI one,
     *     or when {@code pollInterval} exceeds {@code maxPollInterval}
     */
    public GeminiBatchTriage build() {
      if (apiKey == null && client == null) {
        throw new IllegalStateException("apiKey is required (or client(...))"
            + (fromEnvironment ? "; neither GEMINI_API_KEY nor GOOGLE_API_KEY is set" : ""));
      }
      if (apiKey != null && client != null) {
        throw new IllegalStateException("set only one of apiKey and client");
      }
      if (client != null && baseUrl != null) {
        throw new IllegalStateException("baseUrl cannot be combined with client: configure the client's HttpOptions");
      }
      if (client != null && client.vertexAI()) {
        throw new IllegalStateException("client must be a Gemini Developer API client: inline batch requests are "
            + "not supported on Vertex AI");
      }
      if (pollInterval.compareTo(maxPollInterval) > 0) {
        throw new IllegalStateException("pollInterval (" + pollInterval + ") must not exceed maxPollInterval ("
            + maxPollInterval + ")");
      }
      boolean owns = client == null;
      // One create or poll call at a time per triage; a few triages may share the instance.
      Client sdk = owns ? ClientFactory.newClient(apiKey, null, null, baseUrl, 5) : client;
      return new GeminiBatchTriage(new BatchEngine(new BatchEngine.Settings(sdk, owns, model,
          new GeminiRequests.Generation((float) temperature, (float) topP, maxOutputTokens, thinkingBudget),
          maxBodyChars, displayName, pollInterval, maxPollInterval, timeout, requestTimeout, maxEmails, clock,
          sleeper, apiKey)));
    }
  }
}
