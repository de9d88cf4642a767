package dev.emailtriage.spi.model;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long to wait before the next attempt: the delay a server asked for, read from its response headers, else our
 * own exponential backoff with jitter. Stateless and thread-safe.
 *
 * <p>Headers read by {@link #serverDelay(Function, Instant)}, first found wins: {@code retry-after-ms}
 * (milliseconds, OpenAI and Azure OpenAI), {@code Retry-After} (seconds or an HTTP date, RFC 9110), then the
 * longer of {@code x-ratelimit-reset-requests} and {@code x-ratelimit-reset-tokens} (OpenAI's durations such as
 * {@code 1s}, {@code 6m0s}, {@code 20ms}).
 */
public final class RetryTiming {

  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");
  private static final Pattern GO_DURATION = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|h|m|s))+");
  private static final Duration LONGEST = Duration.ofDays(1);

  private RetryTiming() {}

  /**
   * Our own delay before retry number {@code attempt + 1}: {@code initial * 2^attempt}, capped at {@code max}, then
   * randomly reduced by up to half (jitter), at least 1 ms.
   *
   * @param attempt the attempt that just failed, from 0
   * @param initial the first delay
   * @param max the longest delay
   * @return the delay
   */
  public static Duration backoff(int attempt, Duration initial, Duration max) {
    double base = initial.toMillis() * Math.pow(2, Math.min(Math.max(0, attempt), 30));
    double capped = Math.min(base, max.toMillis());
    double jittered = capped * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble());
    return Duration.ofMillis(Math.max(1, Math.round(jittered)));
  }

  /**
   * The delay a server asked for in the headers of an error response.
   *
   * @param header a header's value by name, case-insensitive, or {@code null} when absent
   * @param now the time now, for an HTTP date
   * @return the delay, when a header gave a usable one
   */
  public static Optional<Duration> serverDelay(Function<String, String> header, Instant now) {
    Optional<Duration> ms = parseRetryAfterMillis(header.apply("retry-after-ms"));
    if (ms.isPresent()) {
      return ms;
    }
    Optional<Duration> retryAfter = parseRetryAfter(header.apply("retry-after"), now);
    if (retryAfter.isPresent()) {
      return retryAfter;
    }
    Optional<Duration> requests = parseResetDuration(header.apply("x-ratelimit-reset-requests"));
    Optional<Duration> tokens = parseResetDuration(header.apply("x-ratelimit-reset-tokens"));
    if (requests.isPresent() && tokens.isPresent()) {
      return Optional.of(requests.get().compareTo(tokens.get()) >= 0 ? requests.get() : tokens.get());
    }
    return requests.isPresent() ? requests : tokens;
  }

  /**
   * Parses a {@code Retry-After} value: delta seconds or an HTTP date (relative to {@code now}, never negative).
   *
   * @param value the header's value, may be {@code null}
   * @param now the time now
   * @return the delay, empty when absent or unreadable
   */
  public static Optional<Duration> parseRetryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.strip();
    if (v.matches("\\d{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    }
    if (v.matches("\\d{1,9}\\.\\d{1,9}")) {
      return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000)));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Parses a {@code retry-after-ms} value (milliseconds, possibly fractional).
   *
   * @param value the header's value, may be {@code null}
   * @return the delay, empty when absent or unreadable
   */
  public static Optional<Duration> parseRetryAfterMillis(String value) {
    if (value == null || !value.strip().matches("\\d{1,12}(\\.\\d{1,9})?")) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(value.strip()))));
  }

  /**
   * Parses an {@code x-ratelimit-reset-*} value: a duration such as {@code 1s}, {@code 6m0s}, {@code 1h2m3.5s} or
   * {@code 20ms}; a bare number counts as seconds.
   *
   * @param value the header's value, may be {@code null}
   * @return the delay (at most a day), empty when absent or unreadable
   */
  public static Optional<Duration> parseResetDuration(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.strip();
    if (v.matches("\\d{1,9}(\\.\\d{1,9})?")) {
      return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000)));
    }
    if (!GO_DURATION.matcher(v).matches()) {
      return Optional.empty();
    }
    double millis = 0;
    Matcher m = DURATION_PART.matcher(v);
    while (m.find()) {
      double n = Double.parseDouble(m.group(1));
      millis += switch (m.group(2)) {
        case "h" -> n * 3_600_000;
        case "m" -> n * 60_000;
        case "s" -> n * 1000;
        default -> n;
      };
    }
    Duration d = Duration.ofMillis(Math.round(millis));
    return Optional.of(d.compareTo(LONGEST) > 0 ? LONGEST : d);
  }
}
