package dev.emailtriage.gemini.internal;

import com.google.genai.errors.ApiException;
import dev.emailtriage.spi.DeciderException;
import dev.emailtriage.spi.DeciderException.Kind;
import java.util.Locale;

/**
 * Gemini's HTTP errors as typed {@link DeciderException}s (what is retryable, what is the caller's fault), with the
 * API key never shown. Stateless and thread-safe. Not API.
 */
public final class ApiErrors {

  private ApiErrors() {}

  /**
   * A typed failure for an HTTP error of a call to {@code model}.
   *
   * @param secret a value never to be shown (the API key), or {@code null}
   */
  public static DeciderException classify(ApiException e, String model, String secret) {
    int code = e.code();
    String detail = "HTTP " + code + " " + e.status() + ": " + redact(e.message(), secret);
    String lower = String.valueOf(e.message()).toLowerCase(Locale.ROOT);
    if (code == 400 && (lower.contains("api key not valid") || lower.contains("api_key_invalid")
        || lower.contains("api key expired"))) {
      // The SDK's message may carry debug details that echo the key: the cause is not kept.
      return new DeciderException(Kind.UNAUTHORIZED, "invalid API key (HTTP 400 " + e.status() + ")");
    }
    if (code == 401 || code == 403) {
      return new DeciderException(Kind.UNAUTHORIZED,
          "invalid API key or no permission for model '" + model + "' (HTTP " + code + " " + e.status() + ")");
    }
    if (code == 404) {
      return new DeciderException(Kind.BAD_REQUEST, "unknown model '" + model + "' (" + detail + ")", e);
    }
    if (code == 408) {
      return new DeciderException(Kind.TIMEOUT, "the server timed out (" + detail + ")", e);
    }
    if (code == 429) {
      return new DeciderException(Kind.RATE_LIMITED, "rate limit or quota exceeded (" + detail + ")", e);
    }
    if (code >= 500) {
      return new DeciderException(Kind.UNAVAILABLE, "Gemini unavailable (" + detail + ")", e);
    }
    return new DeciderException(Kind.BAD_REQUEST, "request rejected (" + detail + ")", e);
  }

  /** {@code text} with {@code secret} replaced by {@code ***}; empty for {@code null}. */
  public static String redact(String text, String secret) {
    if (text == null) {
      return "";
    }
    return secret == null || secret.isEmpty() ? text : text.replace(secret, "***");
  }
}
