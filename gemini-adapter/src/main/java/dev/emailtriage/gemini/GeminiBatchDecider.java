package dev.emailtriage.gemini;

import com.google.genai.Client;
import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import dev.emailtriage.gemini.internal.BatchEngine;
import dev.emailtriage.gemini.internal.SettingChecks;
import dev.emailtriage.spi.BatchDecider;
import dev.emailtriage.spi.BatchPoll;
import dev.emailtriage.spi.BatchRequest;
import dev.emailtriage.spi.DeciderException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Decides non-urgent emails with Gemini Batch API jobs ({@code models.batchGenerateContent} with inline requests),
 * at the Batch API's lower price (half of a single call's) and with its latency: a job may take minutes to hours
 * (Google's target is 24 hours), so it suits mail that can wait, not an inbox that waits for answers. Thread-safe.
 *
 * <p>Two ways to use it. <b>Inside the pipeline</b> (batch mode, the usual way): give it to
 * {@code EmailTriage.Builder.batchDecider}; the queue worker then sends the queued emails of priority {@code low}
 * or {@code normal} that no rule, learned sender rule or cached decision could decide to one job per queue drain
 * ({@link #submit}), polls it ({@link #poll}, waiting {@link Builder#pollInterval(Duration)} doubling up to
 * {@link Builder#maxPollInterval(Duration)}), and stores each result as a single call's, with the same states,
 * fencing and retries; a job still running after {@link Builder#timeout(Duration)} is cancelled and given up, and
 * its emails are submitted again later. <b>Directly</b>, outside the pipeline (no rules, cache, store or idempotency): {@link #triage}
 * submits a list and waits for its results, {@link #collect} waits for a job submitted earlier.
 *
 * <p>Each email becomes one inlined request built exactly like {@link GeminiDecider}'s single request (the prompt as
 * the system instruction with the prompt-injection guard, the email between random-token markers with its body
 * cleaned and capped, the same generation config and response schema), with the email's id in the request's
 * metadata under {@code key}. Results are mapped back by that id, never by position.
 *
 * <p>Every email of a job ends in exactly one of the decisions and the failures: a blocked answer ({@code BLOCKED}),
 * an invalid one ({@code INVALID_RESPONSE}; a batch answer gets no repair attempt), a failed entry or a missing
 * response fails that email only; a failed, cancelled or expired job, or a batch that could not be created, fails
 * every email with a retryable kind (except a rejected key or request).
 *
 * <pre>{@code
 * GeminiBatchDecider batch = GeminiBatchDecider.fromEnvironment().build();
 * try (EmailTriage triage = EmailTriage.builder()
 *     .decider(GeminiDecider.fromEnvironment().build())   // process(), high and medium priority
 *     .batchDecider(batch)                                // submit() of low and normal priority
 *     .store(postgresStore)
 *     .build()) {
 *   triage.submit(email);                                 // decided in a batch job, stored when it ends
 * } finally {
 *   batch.close();
 * }
 *
 * // or directly, outside the pipeline:
 * GeminiBatchResult r = batch.triage(backlog, prompt);   // waits up to timeout (24 h by default)
 * }</pre>
 */
public final class GeminiBatchDecider implements BatchDecider, AutoCloseable {

  /** The default model. */
  public static final String DEFAULT_MODEL = GeminiDecider.DEFAULT_MODEL;

  private final BatchEngine engine;

  private GeminiBatchDecider(BatchEngine engine) {
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
    return new Builder(null);
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
    return new Builder(Objects.requireNonNull(environment, "environment"));
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
   * @throws GeminiBatchDeadlineException when the batch is still pending or running at the deadline
   * @throws DeciderException when polling is rejected ({@code UNAUTHORIZED}, {@code BAD_REQUEST})
   */
  public GeminiBatchResult triage(List<Email> emails, Prompt prompt) {
    return engine.triage(emails, prompt);
  }

  /**
   * Waits for a batch submitted earlier (e.g. the one a {@link GeminiBatchDeadlineException} named) and reads it
   * back, with a
   * fresh deadline.
   *
   * @param batchName the batch's resource name, {@code batches/...}
   * @param emails the emails that batch was submitted with (results are mapped by their ids)
   * @param prompt the prompt it was submitted with (its id and version are recorded)
   * @return a decision or a failure for every email
   * @throws IllegalArgumentException when {@code batchName} is malformed or an email id repeats
   * @throws GeminiBatchDeadlineException when the batch is still pending or running at the deadline
   * @throws DeciderException when polling is rejected ({@code UNAUTHORIZED}, {@code BAD_REQUEST}: unknown batch)
   */
  public GeminiBatchResult collect(String batchName, List<Email> emails, Prompt prompt) {
    return engine.collect(batchName, emails, prompt);
  }

  /**
   * Submits one batch job for these emails and returns its name at once, for the pipeline's batch mode.
   *
   * @param requests at most {@link Builder#maxEmails(int)} emails with distinct ids, each with its prompt
   * @return the job's resource name, {@code batches/...}
   * @throws IllegalArgumentException when an email id repeats, the list is empty or too long, or over the 20 MB
   *     inline limit
   * @throws DeciderException when the job could not be created (the kind says whether trying again may help)
   */
  @Override
  public String submit(List<BatchRequest> requests) {
    return engine.submit(requests);
  }

  /**
   * Looks at a job once ({@code batches.get}), without waiting, for the pipeline's batch mode.
   *
   * @param batchId the job's resource name, {@code batches/...}
   * @param emails the emails still waiting for it; results are mapped back by their ids
   * @return running, or ended with a decision or a failure for every email (decisions carry no prompt: the pipeline
   *     records the one it submitted)
   * @throws DeciderException {@code UNAVAILABLE} after a transient failure (poll again), {@code BAD_REQUEST} for an
   *     unknown job, {@code UNAUTHORIZED} for a rejected key
   */
  @Override
  public BatchPoll poll(String batchId, List<Email> emails) {
    return engine.poll(batchId, emails);
  }

  /**
   * Asks Gemini to cancel a job ({@code batches.cancel}), for the pipeline when it gives a job up after
   * {@link Builder#timeout(Duration)}.
   *
   * @param batchId the job's resource name, {@code batches/...}
   * @throws DeciderException when the request failed (the pipeline logs it and goes on)
   */
  @Override
  public void cancel(String batchId) {
    engine.cancel(batchId);
  }

  /** {@link Builder#maxEmails(int)}. */
  @Override
  public int maxBatchSize() {
    return engine.options().maxEmails();
  }

  /** {@link Builder#pollInterval(Duration)}, doubled after each poll up to {@link Builder#maxPollInterval(Duration)}. */
  @Override
  public Duration pollDelay(int polls) {
    return engine.pollDelay(polls);
  }

  /** {@link Builder#timeout(Duration)}: how long after its submission the pipeline gives up on a job. */
  @Override
  public Duration timeout() {
    return engine.options().timeout();
  }

  /** {@code gemini-batch}. */
  @Override
  public String name() {
    return "gemini-batch";
  }

  /** {@code gemini:<model>}, as {@link GeminiDecider#cacheScope()}: each reuses the other's decisions. */
  @Override
  public String cacheScope() {
    return "gemini:" + model();
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
   * Builds a {@link GeminiBatchDecider}; not thread-safe. The settings it shares with {@link GeminiDecider.Builder}
   * are in {@link GeminiBuilder}: the same code, the same messages. Every setter throws
   * {@link IllegalArgumentException} naming the setting and may be called once ({@link IllegalStateException});
   * {@link #build()} throws {@link IllegalStateException} naming the missing or conflicting setting. Inline batches
   * exist only on the Gemini Developer API: there is no
   * Vertex AI option.
   */
  public static final class Builder extends GeminiBuilder<Builder> {
    private String displayName = "email-triage";
    private Duration pollInterval = Duration.ofSeconds(30);
    private Duration maxPollInterval = Duration.ofMinutes(10);
    private Duration timeout = Duration.ofHours(24);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private int maxEmails = 1000;

    private Builder(Function<String, String> environment) {
      super(environment);
    }

    @Override
    boolean offersVertexAi() {
      return false;
    }

    /**
     * The batch's display name (shown in the batch list); default {@code email-triage}.
     *
     * @param displayName non-blank, at most 128 characters
     * @return this builder
     * @throws IllegalArgumentException naming {@code displayName} when blank or too long
     */
    public Builder displayName(String displayName) {
      SettingChecks.require(displayName != null && !displayName.isBlank() && displayName.length() <= 128,
          "displayName must be non-blank and at most 128 characters, was '" + displayName + "'");
      once("displayName");
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
      once("pollInterval");
      this.pollInterval = SettingChecks.between1msAnd1h("pollInterval", pollInterval);
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
      once("maxPollInterval");
      this.maxPollInterval = SettingChecks.between1msAnd1h("maxPollInterval", maxPollInterval);
      return this;
    }

    /**
     * How long {@link GeminiBatchDecider#triage} (or {@link GeminiBatchDecider#collect}) waits for the batch to end,
     * creation included; default 24 h. When it passes, a {@link GeminiBatchDeadlineException} names the batch,
     * which keeps running at Google. In the pipeline's batch mode, how long after its submission a job is given up:
     * its emails are stored as failed (retryable) and submitted again later.
     *
     * @param timeout 1 ms to 72 h
     * @return this builder
     * @throws IllegalArgumentException naming {@code timeout} when out of range
     */
    public Builder timeout(Duration timeout) {
      once("timeout");
      this.timeout = SettingChecks.duration("timeout", timeout, Duration.ofMillis(1), Duration.ofHours(72),
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
      once("requestTimeout");
      this.requestTimeout = SettingChecks.between1msAnd1h("requestTimeout", requestTimeout);
      return this;
    }

    /**
     * The most emails in one batch; a longer list is rejected (split it), and the pipeline submits a job when it has
     * this many. Default 1000. Whatever the count, the
     * inline requests must stay under the API's 20 MB limit.
     *
     * @param maxEmails 1 to 100,000
     * @return this builder
     * @throws IllegalArgumentException naming {@code maxEmails} when out of range
     */
    public Builder maxEmails(int maxEmails) {
      once("maxEmails");
      this.maxEmails = SettingChecks.range("maxEmails", maxEmails, 1, 100_000);
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
    public GeminiBatchDecider build() {
      if (client != null && client.vertexAI()) {
        throw new IllegalStateException("client must be a Gemini Developer API client: inline batch requests are "
            + "not supported on Vertex AI");
      }
      if (pollInterval.compareTo(maxPollInterval) > 0) {
        throw new IllegalStateException("pollInterval (" + pollInterval + ") must not exceed maxPollInterval ("
            + maxPollInterval + ")");
      }
      // One create or poll call at a time per triage; a few triages may share the instance.
      return new GeminiBatchDecider(new BatchEngine(settings(0, 5, null, null), new BatchEngine.Options(
          displayName, pollInterval, maxPollInterval, timeout, requestTimeout, maxEmails)));
    }
  }
}
