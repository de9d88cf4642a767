package dev.emailtriage.gemini.internal;

import com.google.genai.errors.ApiException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.types.BatchJob;
import com.google.genai.types.BatchJobDestination;
import com.google.genai.types.BatchJobSource;
import com.google.genai.types.CancelBatchJobConfig;
import com.google.genai.types.CreateBatchJobConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GetBatchJobConfig;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.InlinedRequest;
import com.google.genai.types.InlinedResponse;
import com.google.genai.types.JobError;
import com.google.genai.types.JobState;
import dev.emailtriage.Decision;
import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import dev.emailtriage.gemini.GeminiBatchDeadlineException;
import dev.emailtriage.gemini.GeminiBatchResult;
import dev.emailtriage.spi.BatchPoll;
import dev.emailtriage.spi.BatchRequest;
import dev.emailtriage.spi.DeciderException;
import dev.emailtriage.spi.DeciderException.Kind;
import dev.emailtriage.spi.model.BodyCleaner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does the work of {@code GeminiBatchDecider}: one inlined request per email (built exactly as a single call's
 * request, with the email id in its metadata), {@code batches.create}, polling {@code batches.get} until a terminal
 * state or the deadline, and reading each inlined response back by the email id in its metadata. Thread-safe. Not
 * API.
 */
public final class BatchEngine implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BatchEngine.class);

  /** The metadata key of each inlined request that carries the email id, as in the API's documented examples. */
  public static final String METADATA_KEY = "key";
  /** The Gemini API's size limit of a batch with inlined requests. */
  public static final long INLINE_LIMIT_BYTES = 20L * 1024 * 1024;

  /**
   * What only a batch needs, checked by the builder.
   *
   * @param displayName the batch's display name
   * @param pollInterval the first wait between two polls
   * @param maxPollInterval the longest wait between two polls
   * @param timeout how long {@code triage} waits for the batch to finish, creation included
   * @param requestTimeout the HTTP timeout of one create or get call
   * @param maxEmails the most emails in one batch
   */
  public record Options(String displayName, Duration pollInterval, Duration maxPollInterval, Duration timeout,
      Duration requestTimeout, int maxEmails) {

    /** Checks that nothing required is missing. */
    public Options {
      Objects.requireNonNull(displayName, "displayName");
      Objects.requireNonNull(pollInterval, "pollInterval");
      Objects.requireNonNull(maxPollInterval, "maxPollInterval");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(requestTimeout, "requestTimeout");
    }
  }

  private final GeminiSettings s;
  private final Options o;

  /** An engine with these settings. */
  public BatchEngine(GeminiSettings settings, Options options) {
    this.s = Objects.requireNonNull(settings, "settings");
    this.o = Objects.requireNonNull(options, "options");
  }

  /** The shared settings. */
  public GeminiSettings settings() {
    return s;
  }

  /** Submits {@code emails} as one batch and waits for it; see {@code GeminiBatchDecider#triage}. */
  public GeminiBatchResult triage(List<Email> emails, Prompt prompt) {
    Objects.requireNonNull(prompt, "prompt");
    Map<String, Email> byId = index(emails);
    long deadline = s.clock().millis() + o.timeout().toMillis();
    if (byId.isEmpty()) {
      return new GeminiBatchResult(null, Map.of(), Map.of());
    }
    List<BatchRequest> requests = byId.values().stream().map(e -> new BatchRequest(e, prompt)).toList();
    BatchJob job;
    try {
      job = create(requests);
    } catch (DeciderException e) {
      return allFailed(null, byId, e, "creating the batch failed");
    }
    return await(job.name().orElseThrow(), job, byId, truncation(byId), prompt, deadline);
  }

  /**
   * Submits one batch for these requests (each with its own prompt) and returns its name at once; see
   * {@code GeminiBatchDecider#submit}.
   */
  public String submit(List<BatchRequest> requests) {
    Objects.requireNonNull(requests, "requests");
    SettingChecks.require(!requests.isEmpty(), "requests must not be empty");
    index(requests.stream().map(BatchRequest::email).toList());
    return create(requests).name().orElseThrow();
  }

  /**
   * Creates the batch: one inlined request per email, built as a single call's, with the email id in its metadata.
   *
   * @throws IllegalArgumentException when the inline requests exceed the API's limit
   * @throws DeciderException when the batch could not be created, or came back without a name
   */
  private BatchJob create(List<BatchRequest> requests) {
    List<InlinedRequest> inlined = new ArrayList<>(requests.size());
    for (BatchRequest r : requests) {
      GeminiRequests.Prepared p = GeminiRequests.prepare(r.email(), r.prompt(), s.maxBodyChars());
      inlined.add(InlinedRequest.builder()
          .model(s.model())
          .contents(List.of(p.user()))
          .config(GeminiRequests.config(p.system(), s.generation(), s.generation().maxOutputTokens()))
          .metadata(Map.of(METADATA_KEY, r.email().emailId()))
          .build());
    }
    BatchJobSource source = BatchJobSource.builder().inlinedRequests(inlined).build();
    long bytes = source.toJson().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > INLINE_LIMIT_BYTES) {
      throw new IllegalArgumentException("emails: the batch's inline requests are " + bytes + " bytes, over the "
          + INLINE_LIMIT_BYTES + "-byte limit of inline batches; split the list or lower maxBodyChars");
    }
    BatchJob job;
    try {
      job = s.client().batches.create(s.model(), source, CreateBatchJobConfig.builder()
          .displayName(o.displayName())
          .httpOptions(httpOptions())
          .build());
    } catch (ApiException e) {
      throw ApiErrors.classify(e, s.model(), s.secret());
    } catch (GenAiIOException e) {
      throw new DeciderException(Kind.UNAVAILABLE, "network error creating the batch: "
          + ApiErrors.redact(e.getMessage(), s.secret())
          + " (the batch may still have been created at Google: check the batch list before resubmitting)", e);
    }
    String name = job.name().orElse(null);
    if (name == null || name.isBlank()) {
      throw new DeciderException(Kind.INVALID_RESPONSE, "Gemini accepted the batch but returned no batch name");
    }
    LOG.info("Gemini batch {} created for {} emails ({} bytes), state {}", name, requests.size(), bytes,
        job.state().map(Object::toString).orElse("unknown"));
    return job;
  }

  /**
   * One {@code batches.get} of a batch, without waiting: running, or ended with a result for each of
   * {@code emails}; see {@code GeminiBatchDecider#poll}. Decisions carry no prompt (the caller records it).
   *
   * @throws DeciderException {@code UNAVAILABLE} when the poll failed transiently (poll again later), or the kind
   *     of a rejected poll ({@code BAD_REQUEST} for an unknown batch, {@code UNAUTHORIZED})
   */
  public BatchPoll poll(String batchName, List<Email> emails) {
    requireBatchName(batchName);
    Map<String, Email> byId = index(emails);
    BatchJob job = poll(batchName).orElseThrow(() -> new DeciderException(Kind.UNAVAILABLE,
        "polling batch " + batchName + " failed; poll it again later"));
    JobState.Known state = job.state().map(JobState::knownEnum).orElse(null);
    if (state == null || !isTerminal(state)) {
      return BatchPoll.running();
    }
    GeminiBatchResult r = results(batchName, job, state, byId, truncation(byId), null);
    return BatchPoll.ended(r.decisions(), r.failures());
  }

  /**
   * Asks Gemini to cancel a batch ({@code batches.cancel}); see {@code GeminiBatchDecider#cancel}.
   *
   * @throws DeciderException when the request failed
   */
  public void cancel(String batchName) {
    requireBatchName(batchName);
    try {
      s.client().batches.cancel(batchName, CancelBatchJobConfig.builder().httpOptions(httpOptions()).build());
      LOG.info("Gemini batch {}: cancel requested", batchName);
    } catch (ApiException e) {
      throw ApiErrors.classify(e, s.model(), s.secret());
    } catch (GenAiIOException e) {
      throw new DeciderException(Kind.UNAVAILABLE, "network error cancelling batch " + batchName + ": "
          + ApiErrors.redact(e.getMessage(), s.secret()), e);
    }
  }

  /** How long to wait before the next poll of a batch polled {@code polls} times: doubling, capped. */
  public Duration pollDelay(int polls) {
    Duration d = o.pollInterval();
    for (int i = 0; i < polls && d.compareTo(o.maxPollInterval()) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(o.maxPollInterval()) > 0 ? o.maxPollInterval() : d;
  }

  /** The batch options. */
  public Options options() {
    return o;
  }

  /** Waits for an existing batch and reads it back; see {@code GeminiBatchDecider#collect}. */
  public GeminiBatchResult collect(String batchName, List<Email> emails, Prompt prompt) {
    requireBatchName(batchName);
    Objects.requireNonNull(prompt, "prompt");
    Map<String, Email> byId = index(emails);
    long deadline = s.clock().millis() + o.timeout().toMillis();
    return await(batchName, null, byId, truncation(byId), prompt, deadline);
  }

  private static void requireBatchName(String batchName) {
    SettingChecks.require(batchName != null && batchName.startsWith("batches/"),
        "batchName must look like 'batches/<id>', was '" + batchName + "'");
  }

  /** Whether each email's body is cut before it is sent, as {@link GeminiRequests#prepare} cuts it. */
  private Map<String, Boolean> truncation(Map<String, Email> byId) {
    Map<String, Boolean> truncated = new LinkedHashMap<>();
    for (Email email : byId.values()) {
      truncated.put(email.emailId(), BodyCleaner.clean(email.body(), s.maxBodyChars()).truncated());
    }
    return truncated;
  }

  private Map<String, Email> index(List<Email> emails) {
    Objects.requireNonNull(emails, "emails");
    SettingChecks.require(emails.size() <= o.maxEmails(),
        "emails: " + emails.size() + " emails is more than maxEmails (" + o.maxEmails() + ") for one batch");
    Map<String, Email> byId = new LinkedHashMap<>();
    for (Email email : emails) {
      Objects.requireNonNull(email, "emails must not contain null");
      SettingChecks.require(byId.put(email.emailId(), email) == null,
          "emails: email id '" + email.emailId() + "' appears twice; results are mapped back by email id");
    }
    return byId;
  }

  /**
   * Each create or poll call gets the whole request timeout, even the last poll taken at the deadline: a batch
   * that ended just then is still read back, so {@code triage} may return up to one request timeout late.
   */
  private HttpOptions httpOptions() {
    return HttpOptions.builder().apiVersion(GeminiEngine.API_VERSION).retryOptions(GeminiEngine.NO_SDK_RETRIES)
        .timeout((int) Math.min(Integer.MAX_VALUE, o.requestTimeout().toMillis())).build();
  }

  private GeminiBatchResult await(String name, BatchJob first, Map<String, Email> byId,
      Map<String, Boolean> truncated, Prompt prompt, long deadline) {
    BatchJob job = first;
    Duration interval = o.pollInterval();
    if (job == null) {
      job = poll(name).orElse(null);
    }
    while (true) {
      JobState.Known state = job == null ? null : job.state().map(JobState::knownEnum).orElse(null);
      if (state != null && isTerminal(state)) {
        return results(name, job, state, byId, truncated, prompt);
      }
      long left = deadline - s.clock().millis();
      if (left <= 0) {
        throw new GeminiBatchDeadlineException(name, state == null ? "unknown" : state.toString(), o.timeout());
      }
      Duration wait = Duration.ofMillis(Math.min(interval.toMillis(), left));
      try {
        s.sleeper().sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GeminiBatchDeadlineException(name, state == null ? "unknown" : state.toString(), o.timeout(), e);
      }
      interval = interval.multipliedBy(2).compareTo(o.maxPollInterval()) > 0
          ? o.maxPollInterval() : interval.multipliedBy(2);
      Optional<BatchJob> polled = poll(name);
      if (polled.isPresent()) {
        job = polled.get();
      }
    }
  }

  /** One {@code batches.get}; empty after a transient failure (the next poll tries again). */
  private Optional<BatchJob> poll(String name) {
    try {
      BatchJob job = s.client().batches.get(name,
          GetBatchJobConfig.builder().httpOptions(httpOptions()).build());
      LOG.debug("Gemini batch {}: {}", name, job.state().map(Object::toString).orElse("no state"));
      return Optional.of(job);
    } catch (ApiException e) {
      int code = e.code();
      if (code == 408 || code == 429 || code >= 500) {
        LOG.warn("polling Gemini batch {} failed (HTTP {} {}); polling again later", name, code, e.status());
        return Optional.empty();
      }
      DeciderException d = code == 404
          ? new DeciderException(Kind.BAD_REQUEST, "unknown batch '" + name + "' (HTTP 404 " + e.status() + ")", e)
          : ApiErrors.classify(e, s.model(), s.secret());
      throw new DeciderException(d.kind(), "polling batch " + name + " failed: " + strip(d), d.getCause());
    } catch (GenAiIOException e) {
      LOG.warn("polling Gemini batch {} failed ({}); polling again later", name,
          ApiErrors.redact(e.getMessage(), s.secret()));
      return Optional.empty();
    }
  }

  private static boolean isTerminal(JobState.Known state) {
    return switch (state) {
      case JOB_STATE_SUCCEEDED, JOB_STATE_PARTIALLY_SUCCEEDED, JOB_STATE_FAILED, JOB_STATE_CANCELLED,
          JOB_STATE_EXPIRED -> true;
      default -> false;
    };
  }

  private GeminiBatchResult results(String name, BatchJob job, JobState.Known state,
      Map<String, Email> byId, Map<String, Boolean> truncated, Prompt prompt) {
    String error = job.error().flatMap(JobError::message).map(m -> ": " + ApiErrors.redact(m, s.secret())).orElse("");
    switch (state) {
      case JOB_STATE_FAILED:
        return allFailed(name, byId, new DeciderException(Kind.UNAVAILABLE, "batch " + name + " failed"
            + error), "batch failed");
      case JOB_STATE_CANCELLED:
        return allFailed(name, byId, new DeciderException(Kind.UNAVAILABLE, "batch " + name
            + " was cancelled" + error), "batch cancelled");
      case JOB_STATE_EXPIRED:
        return allFailed(name, byId, new DeciderException(Kind.TIMEOUT, "batch " + name
            + " expired at Google before it finished" + error), "batch expired");
      default:
        break;
    }
    Map<String, Decision> decisions = new LinkedHashMap<>();
    Map<String, DeciderException> failures = new LinkedHashMap<>();
    List<InlinedResponse> responses = job.dest().flatMap(BatchJobDestination::inlinedResponses).orElse(List.of());
    int unmatched = 0;
    for (InlinedResponse r : responses) {
      String id = r.metadata().map(m -> m.get(METADATA_KEY)).orElse(null);
      if (id == null || !byId.containsKey(id) || decisions.containsKey(id) || failures.containsKey(id)) {
        unmatched++;
        continue;
      }
      try {
        decisions.put(id, decide(r, prompt, truncated.getOrDefault(id, false)));
      } catch (DeciderException e) {
        failures.put(id, e);
      }
    }
    if (unmatched > 0) {
      LOG.warn("Gemini batch {}: {} inlined response(s) carried no known or a repeated email id in metadata.{};"
          + " ignored", name, unmatched, METADATA_KEY);
    }
    // Every email appears exactly once: those without a response are failures too.
    Map<String, Decision> orderedDecisions = new LinkedHashMap<>();
    Map<String, DeciderException> orderedFailures = new LinkedHashMap<>();
    for (String id : byId.keySet()) {
      if (decisions.containsKey(id)) {
        orderedDecisions.put(id, decisions.get(id));
      } else if (failures.containsKey(id)) {
        orderedFailures.put(id, failures.get(id));
      } else {
        orderedFailures.put(id, new DeciderException(Kind.INVALID_RESPONSE, "batch " + name + " ended "
            + state + " without a response for this email"));
      }
    }
    LOG.info("Gemini batch {} {}: {} decided, {} failed", name, state, orderedDecisions.size(),
        orderedFailures.size());
    return new GeminiBatchResult(name, orderedDecisions, orderedFailures);
  }

  private Decision decide(InlinedResponse r, Prompt prompt, boolean truncated) {
    if (r.error().isPresent()) {
      throw entryError(r.error().get());
    }
    GenerateContentResponse response = r.response().orElseThrow(() -> new DeciderException(
        Kind.INVALID_RESPONSE, "the batch entry has neither a response nor an error"));
    ResponseReader.Outcome outcome = ResponseReader.interpret(response);
    if (outcome.answer() == null) {
      throw new DeciderException(Kind.INVALID_RESPONSE, outcome.problem()
          + " (batch answers get no repair attempt; triage the email again)");
    }
    UsageSum usage = new UsageSum();
    usage.add(response);
    return ResponseReader.decision(outcome, response, s.model(), "", prompt, truncated, usage);
  }

  /** A failed entry's {@code google.rpc.Status}: its code is a gRPC code, not an HTTP status. */
  private DeciderException entryError(JobError error) {
    int code = error.code().orElse(2);
    String message = "the batch entry failed with status code " + code
        + error.message().map(m -> ": " + ApiErrors.redact(m, s.secret())).orElse("");
    Kind kind = switch (code) {
      case 8 -> Kind.RATE_LIMITED; // RESOURCE_EXHAUSTED
      case 4 -> Kind.TIMEOUT; // DEADLINE_EXCEEDED
      case 3, 5, 6, 9, 11, 12 -> Kind.BAD_REQUEST; // INVALID_ARGUMENT, NOT_FOUND, ...
      case 7, 16 -> Kind.UNAUTHORIZED; // PERMISSION_DENIED, UNAUTHENTICATED
      default -> Kind.UNAVAILABLE; // UNKNOWN, INTERNAL, UNAVAILABLE, ABORTED...
    };
    return new DeciderException(kind, message);
  }

  private static GeminiBatchResult allFailed(String name, Map<String, Email> byId, DeciderException cause,
      String what) {
    LOG.warn("Gemini batch {}: {}; all {} emails failed: {}", name == null ? "(none)" : name, what, byId.size(),
        cause.getMessage());
    Map<String, DeciderException> failures = new LinkedHashMap<>();
    for (String id : byId.keySet()) {
      failures.put(id, cause);
    }
    return new GeminiBatchResult(name, Map.of(), failures);
  }

  private static String strip(DeciderException e) {
    String prefix = e.kind() + ": ";
    String m = e.getMessage();
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }

  /** Closes the SDK client when this engine created it. */
  @Override
  public void close() {
    s.closeClient();
  }
}
