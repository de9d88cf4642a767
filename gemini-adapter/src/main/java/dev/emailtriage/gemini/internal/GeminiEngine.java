package dev.emailtriage.gemini.internal;

import com.google.genai.errors.ApiException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import dev.emailtriage.Decision;
import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import dev.emailtriage.spi.DeciderException;
import dev.emailtriage.spi.DeciderException.Kind;
import dev.emailtriage.spi.model.Deadline;
import dev.emailtriage.spi.model.RepairRequest;
import dev.emailtriage.spi.model.RetryLoop;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does the work of {@code GeminiDecider}: renders the request, calls the model with core's {@link RetryLoop} inside
 * the call's time limit, validates the answer with one repair attempt and builds the decision. Thread-safe. Not
 * API.
 */
public final class GeminiEngine implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GeminiEngine.class);

  /** The pinned API version, also set on every request so that a ready-made client cannot change it. */
  public static final String API_VERSION = "v1beta";

  /**
   * The SDK's retries turned off, on the client and on every request. An empty status list stops retries of HTTP
   * statuses without the extra sleep that {@code attempts(1)} alone still takes; one attempt stops its retries of
   * I/O errors (timeouts included), which the status list does not cover: google-genai 2.0.0 retries every
   * {@code IOException} up to {@code attempts} times (default 5), sleeping between them, so a 400 ms deadline
   * became about 19 s.
   */
  public static final HttpRetryOptions NO_SDK_RETRIES =
      HttpRetryOptions.builder().attempts(1).httpStatusCodes(List.of()).build();

  private final GeminiSettings s;
  private final String fallbackModel;
  private final RetryLoop retries;

  /**
   * An engine.
   *
   * @param settings the shared settings
   * @param fallbackModel the model tried when the main one stays overloaded (503), or {@code null}
   * @param retries the retry policy
   */
  public GeminiEngine(GeminiSettings settings, String fallbackModel, RetryLoop retries) {
    this.s = Objects.requireNonNull(settings, "settings");
    this.fallbackModel = fallbackModel;
    this.retries = Objects.requireNonNull(retries, "retries");
  }

  /** The shared settings. */
  public GeminiSettings settings() {
    return s;
  }

  /** Decides one email within {@code timeLimit}; see {@code GeminiDecider#decide}. */
  public Decision decide(Email email, Prompt prompt, Duration timeLimit) {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(prompt, "prompt");
    Deadline deadline = Deadline.after(s.clock(), timeLimit);
    GeminiRequests.Prepared prepared = GeminiRequests.prepare(email, prompt, s.maxBodyChars());
    try {
      return decideWithModel(s.model(), false, prepared, prompt, deadline);
    } catch (DeciderException e) {
      if (fallbackModel != null && isOverloaded(e) && !deadline.passed()) {
        LOG.info("Gemini model {} stays overloaded; trying fallback model {}", s.model(), fallbackModel);
        return decideWithModel(fallbackModel, true, prepared, prompt, deadline);
      }
      throw e;
    }
  }

  private static boolean isOverloaded(DeciderException e) {
    return e.kind() == Kind.UNAVAILABLE && e.getCause() instanceof ApiException api && api.code() == 503;
  }

  private Decision decideWithModel(String model, boolean fallback, GeminiRequests.Prepared prepared, Prompt prompt,
      Deadline deadline) {
    int maxTokens = s.generation().maxOutputTokens();
    GenerateContentConfig config = GeminiRequests.config(prepared.system(), s.generation(), maxTokens);
    GenerateContentResponse first = call(model, List.of(prepared.user()), config, deadline);
    UsageSum usage = new UsageSum();
    usage.add(first);
    ResponseReader.Outcome outcome = ResponseReader.interpret(first);
    String suffix = fallback ? " (fallback for " + s.model() + ")" : "";
    if (outcome.answer() != null) {
      return ResponseReader.decision(outcome, first, model, suffix, prompt, prepared.bodyTruncated(), usage);
    }
    LOG.debug("Gemini answer invalid ({}); one repair attempt", outcome.problem());
    if (deadline.passed()) {
      throw new DeciderException(Kind.INVALID_RESPONSE, outcome.problem() + "; no time left for a repair attempt");
    }
    List<Content> repair = List.of(prepared.user(),
        GeminiRequests.text("model", RepairRequest.previousAnswer(outcome.text())),
        GeminiRequests.text("user", RepairRequest.instruction(outcome.problem())));
    int tokens = RepairRequest.maxOutputTokens(maxTokens, outcome.maxTokens());
    GenerateContentResponse second = call(model, repair,
        GeminiRequests.config(prepared.system(), s.generation(), tokens), deadline);
    usage.add(second);
    ResponseReader.Outcome repaired = ResponseReader.interpret(second);
    if (repaired.answer() != null) {
      return ResponseReader.decision(repaired, second, model, suffix, prompt, prepared.bodyTruncated(), usage);
    }
    throw new DeciderException(Kind.INVALID_RESPONSE, "the answer was still invalid after one repair attempt: "
        + repaired.problem() + " (first answer: " + outcome.problem() + ")");
  }

  /** Calls the model with the retry policy; never past {@code deadline}. */
  private GenerateContentResponse call(String model, List<Content> contents, GenerateContentConfig config,
      Deadline deadline) {
    int[] attempt = {0};
    return retries.run(deadline, remaining -> {
      attempt[0]++;
      GenerateContentConfig perAttempt = config.toBuilder()
          .httpOptions(HttpOptions.builder().timeout((int) Math.min(Integer.MAX_VALUE, remaining.toMillis()))
              .apiVersion(API_VERSION).retryOptions(NO_SDK_RETRIES).build())
          .build();
      ServerDelay.clear();
      try {
        return s.client().models.generateContent(model, contents, perAttempt);
      } catch (ApiException e) {
        DeciderException d = ApiErrors.classify(e, model, s.secret());
        Duration serverDelay = ServerDelay.retryDelayFromMessage(e.message())
            .or(() -> ServerDelay.lastRetryAfter(s.clock().instant()))
            .orElse(null);
        throw serverDelay == null ? d : new DeciderException(d.kind(), strip(d), d.getCause(), serverDelay);
      } catch (GenAiIOException e) {
        if (hasCause(e, InterruptedIOException.class)) {
          // Each attempt's timeout is the time left: it ran out.
          throw RetryLoop.stop(new DeciderException(Kind.TIMEOUT, "no answer from Gemini within the call's time"
              + " limit of " + deadline.limit() + " (attempt " + attempt[0] + ")", e));
        }
        throw hasCause(e, com.fasterxml.jackson.core.JsonProcessingException.class)
            ? new DeciderException(Kind.INVALID_RESPONSE, "Gemini's HTTP response body is not the expected JSON: "
                + redact(e.getMessage()), e)
            : new DeciderException(Kind.UNAVAILABLE, "network error calling Gemini: " + redact(e.getMessage()), e);
      } catch (DeciderException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new DeciderException(Kind.INVALID_RESPONSE, "unexpected failure reading Gemini's response: "
            + redact(String.valueOf(e.getMessage())), e);
      } finally {
        ServerDelay.clear();
      }
    });
  }

  private static String strip(DeciderException e) {
    String prefix = e.kind() + ": ";
    String m = e.getMessage();
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }

  private String redact(String text) {
    return ApiErrors.redact(text, s.secret());
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

  /** Closes the SDK client when this engine created it. */
  @Override
  public void close() {
    s.closeClient();
  }
}
