package dev.emailtriage.openai.internal;

import com.openai.errors.OpenAIServiceException;
import dev.emailtriage.spi.DeciderException;
import dev.emailtriage.spi.DeciderException.Kind;
import dev.emailtriage.spi.model.RetryLoop;
import dev.emailtriage.spi.model.RetryTiming;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Turns an HTTP error of the Chat Completions API into a typed {@link DeciderException}: 429 and 5xx retryable with
 * the server's delay from {@code retry-after-ms}, {@code Retry-After} or {@code x-ratelimit-reset-*}; Azure's 400
 * {@code content_filter} blocked; other 4xx at once. Stateless. Not API.
 */
final class Failures {

  private Failures() {}

  static RuntimeException classify(OpenAIServiceException e, String model, String secret, Clock clock) {
    int status = e.statusCode();
    String code = e.code().orElse("");
    String detail = "HTTP " + status + (code.isEmpty() ? "" : " " + code) + ": " + redact(e.getMessage(), secret);
    Duration delay = RetryTiming.serverDelay(name -> first(e.headers().values(name)), clock.instant()).orElse(null);
    if (status == 400 && "content_filter".equals(code)) {
      return new DeciderException(Kind.BLOCKED, "the request was rejected by the server's content filter (" + detail
          + ")");
    }
    if (status == 401 || status == 403) {
      // The message may echo part of the key: the cause is not kept.
      return new DeciderException(Kind.UNAUTHORIZED, "invalid API key or no permission for model '" + model
          + "' (HTTP " + status + (code.isEmpty() ? "" : " " + code) + ")");
    }
    if (status == 404) {
      return new DeciderException(Kind.BAD_REQUEST, "unknown model '" + model + "' or wrong base URL (" + detail
          + ")", e);
    }
    if (status == 408) {
      return new DeciderException(Kind.TIMEOUT, "the server timed out (" + detail + ")", e, delay);
    }
    if (status == 429) {
      if ("insufficient_quota".equals(code)) {
        // The quota is spent: a retry within this call cannot help, a later one may.
        return RetryLoop.stop(new DeciderException(Kind.RATE_LIMITED, "quota exhausted (" + detail + ")", e));
      }
      return new DeciderException(Kind.RATE_LIMITED, "rate limit exceeded (" + detail + ")", e, delay);
    }
    if (status == 409 || status >= 500) {
      return new DeciderException(Kind.UNAVAILABLE, "the server is unavailable (" + detail + ")", e, delay);
    }
    return new DeciderException(Kind.BAD_REQUEST, "request rejected (" + detail + ")", e);
  }

  private static String first(List<String> values) {
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** {@code text} with {@code secret} replaced by {@code ***}; empty for {@code null}. */
  static String redact(String text, String secret) {
    if (text == null) {
      return "";
    }
    return secret == null || secret.isEmpty() ? text : text.replace(secret, "***");
  }
}
