package dev.emailtriage.server.security;

import dev.emailtriage.server.config.ServerSettings;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** A Bucket4j token bucket per API key on email processing: {@code EMAILTRIAGE_RATE_LIMIT_PER_MINUTE} a minute. */
@Component
public class RateLimiter {

  /**
   * The outcome of one attempt.
   *
   * @param allowed whether the request may go on
   * @param remaining tokens left
   * @param retryAfterSeconds when refused, the seconds until a token is back (at least 1)
   */
  public record Outcome(boolean allowed, long remaining, long retryAfterSeconds) {}

  private final int perMinute;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** A limiter with the configured rate. */
  public RateLimiter(ServerSettings settings) {
    this.perMinute = settings.rateLimitPerMinute();
  }

  /** The configured requests per minute. */
  public int perMinute() {
    return perMinute;
  }

  /** Takes one token from the key's bucket. */
  public Outcome tryConsume(String keyId) {
    Bucket bucket = buckets.computeIfAbsent(keyId, k -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
        .build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return new Outcome(true, probe.getRemainingTokens(), 0);
    }
    long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
    return new Outcome(false, 0, seconds);
  }
}
