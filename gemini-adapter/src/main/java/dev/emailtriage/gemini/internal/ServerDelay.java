package dev.emailtriage.gemini.internal;

import dev.emailtriage.spi.model.RetryTiming;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * How long the server asked us to wait: {@code RetryInfo.retryDelay} from the error details (google-genai 2.0.0
 * puts the details into the exception's message) or the {@code Retry-After} header, which an OkHttp interceptor
 * records for the calling thread. Thread-safe. Not API.
 */
public final class ServerDelay implements Interceptor {

  private static final Pattern RETRY_DELAY =
      Pattern.compile("\"retryDelay\"\\s*:\\s*\"(\\d{1,9}(?:\\.\\d{1,9})?)s\"");
  private static final ThreadLocal<String> RETRY_AFTER = new ThreadLocal<>();

  /** A new interceptor; the recorded header is per thread, so one instance serves every call. */
  public ServerDelay() {}

  /** {@code RetryInfo.retryDelay} found in an error message, if any. */
  public static Optional<Duration> retryDelayFromMessage(String message) {
    if (message == null) {
      return Optional.empty();
    }
    Matcher m = RETRY_DELAY.matcher(message);
    if (!m.find()) {
      return Optional.empty();
    }
    double seconds = Double.parseDouble(m.group(1));
    return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
  }

  /** Forgets the header recorded for this thread; call before each attempt. */
  public static void clear() {
    RETRY_AFTER.remove();
  }

  /**
   * The delay in the {@code Retry-After} header of this thread's last error response, if it had a readable one
   * (read by core's {@link RetryTiming#parseRetryAfter}).
   */
  public static Optional<Duration> lastRetryAfter(Instant now) {
    return RetryTiming.parseRetryAfter(RETRY_AFTER.get(), now);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    if (!response.isSuccessful()) {
      String header = response.header("Retry-After");
      if (header != null) {
        RETRY_AFTER.set(header);
      }
    }
    return response;
  }
}
